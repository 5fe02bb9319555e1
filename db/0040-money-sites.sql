-- 0040 money: effective-dated FX rates, site cost extras (hosting per kW-month, server
-- overhead, time zone), effective-dated electricity tariffs per site (flat or time-of-use
-- bands, plus a demand charge), per-cluster cost terms, fixed cost items, and the public
-- electricity/PUE/colocation reference figures from db/seed/electricity_public.csv.
-- Money is decimal TEXT with its currency beside it (never REAL).

CREATE TABLE fx_rates (
  id INTEGER PRIMARY KEY,
  base TEXT NOT NULL CHECK (length(base) = 3 AND base = upper(base)),
  quote TEXT NOT NULL CHECK (length(quote) = 3 AND quote = upper(quote) AND quote <> base),
  rate TEXT NOT NULL CHECK (rate GLOB '[0-9]*' AND rate NOT GLOB '*[^0-9.]*' AND rate NOT GLOB '*.*.*' AND rate GLOB '*[1-9]*'),
  effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  source TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  UNIQUE (base, quote, effective_from)
) STRICT;

CREATE TABLE site_costs (
  site_id INTEGER PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  hosting_per_kw_month TEXT CHECK (hosting_per_kw_month IS NULL OR (hosting_per_kw_month GLOB '[0-9]*' AND hosting_per_kw_month NOT GLOB '*[^0-9.]*' AND hosting_per_kw_month NOT GLOB '*.*.*')),
  hosting_currency TEXT CHECK (hosting_currency IS NULL OR length(hosting_currency) = 3),
  server_type TEXT NOT NULL DEFAULT 'hgx_8gpu',
  server_overhead REAL CHECK (server_overhead IS NULL OR (server_overhead >= 1 AND server_overhead <= 5)),  -- a ratio, not money
  utc_offset_hours INTEGER CHECK (utc_offset_hours IS NULL OR utc_offset_hours BETWEEN -12 AND 14),
  source TEXT NOT NULL DEFAULT '',
  CHECK ((hosting_per_kw_month IS NULL) = (hosting_currency IS NULL))
) STRICT;

CREATE TABLE tariffs (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
  kind TEXT NOT NULL CHECK (kind IN ('flat','tou')),
  price_per_kwh TEXT CHECK (price_per_kwh IS NULL OR (price_per_kwh GLOB '[0-9]*' AND price_per_kwh NOT GLOB '*[^0-9.]*' AND price_per_kwh NOT GLOB '*.*.*')),
  bands TEXT CHECK (bands IS NULL OR json_valid(bands)),   -- tou: [{ name, from_hour, to_hour, price_per_kwh }]
  demand_charge_per_kw_month TEXT NOT NULL DEFAULT '0' CHECK (demand_charge_per_kw_month GLOB '[0-9]*' AND demand_charge_per_kw_month NOT GLOB '*[^0-9.]*' AND demand_charge_per_kw_month NOT GLOB '*.*.*'),
  source TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  UNIQUE (site_id, effective_from),
  CHECK ((kind = 'flat' AND price_per_kwh IS NOT NULL) OR (kind = 'tou' AND bands IS NOT NULL))
) STRICT;
CREATE INDEX tariffs_site ON tariffs(site_id, effective_from);

-- Cost terms of a cluster the inventory row does not carry (useful life, residual, the
-- cloud pricing model, committed term, a pinned price-book row).
CREATE TABLE cluster_costs (
  cluster_id INTEGER PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  useful_life_months INTEGER CHECK (useful_life_months IS NULL OR useful_life_months BETWEEN 1 AND 240),
  residual_value TEXT CHECK (residual_value IS NULL OR (residual_value GLOB '[0-9]*' AND residual_value NOT GLOB '*[^0-9.]*' AND residual_value NOT GLOB '*.*.*')),
  paid_month TEXT CHECK (paid_month IS NULL OR paid_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  cloud_pricing TEXT NOT NULL DEFAULT 'on_demand' CHECK (cloud_pricing IN ('on_demand','reserved')),
  term_months INTEGER CHECK (term_months IS NULL OR term_months BETWEEN 1 AND 240),
  server_type TEXT,
  pinned_price_row INTEGER,
  notes TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE fixed_costs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  category TEXT NOT NULL DEFAULT 'other' CHECK (category IN ('staff','network','software','facilities','other')),
  amount_per_month TEXT NOT NULL CHECK (amount_per_month GLOB '[0-9]*' AND amount_per_month NOT GLOB '*[^0-9.]*' AND amount_per_month NOT GLOB '*.*.*'),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
  from_month TEXT CHECK (from_month IS NULL OR from_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  to_month TEXT CHECK (to_month IS NULL OR to_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  notes TEXT NOT NULL DEFAULT '',
  CHECK (to_month IS NULL OR from_month IS NULL OR to_month >= from_month)
) STRICT;

-- Public reference figures (tariffs, PUE, colocation) exactly as in electricity_public.csv.
CREATE TABLE energy_reference (
  id INTEGER PRIMARY KEY,
  region TEXT NOT NULL,
  tariff_type TEXT NOT NULL,
  price TEXT NOT NULL,
  currency TEXT NOT NULL,
  unit TEXT NOT NULL,
  date TEXT NOT NULL,
  source_url TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO energy_reference (region, tariff_type, price, currency, unit, date, source_url, notes) VALUES
  ('USA (average)', 'industrial_avg', '0.0806', 'USD', 'kWh', '2023', 'https://www.statista.com/statistics/190680/us-industrial-consumer-price-estimates-for-retail-electricity-since-1970/', 'EIA data via Statista (published 2024-03-18): 8.06 US cents/kWh in 2023, down from 8.3 cents peak in 2022'),
  ('USA (average)', 'industrial_avg', '0.083', 'USD', 'kWh', '2022', 'https://www.statista.com/statistics/190680/us-industrial-consumer-price-estimates-for-retail-electricity-since-1970/', '2022 peak per same EIA/Statista series'),
  ('USA (average, as cited by FT)', 'avg_unspecified_sector', '0.091', 'USD', 'kWh', '2025-11', 'https://mail.itx.ba/news/61977-china-provides-cheap-juice-for-ai-datacentres', 'FT report (Nov 2025) compares China''s subsidised ~5.6 cents to ''9.1-cent US average'' (EIA); sector not stated'),
  ('USA - Virginia', 'industrial_avg', '0.0892', 'USD', 'kWh', '2023', 'https://www.eia.gov/electricity/annual/secrev-map.php', 'EIA Electric Power Annual 2023 (released 2024-10-17), average revenue per kWh, industrial'),
  ('USA - Texas', 'industrial_avg', '0.066', 'USD', 'kWh', '2023', 'https://www.eia.gov/electricity/annual/secrev-map.php', 'EIA Electric Power Annual 2023, industrial'),
  ('USA - Oregon', 'industrial_avg', '0.0752', 'USD', 'kWh', '2023', 'https://www.eia.gov/electricity/annual/secrev-map.php', 'EIA Electric Power Annual 2023, industrial'),
  ('USA - Washington', 'industrial_avg', '0.0635', 'USD', 'kWh', '2023', 'https://www.eia.gov/electricity/annual/secrev-map.php', 'EIA Electric Power Annual 2023, industrial (context: Pacific NW hydro)'),
  ('EU (average)', 'non_household_20-500MWh_excl_VAT', '0.187', 'EUR', 'kWh', '2024', 'https://cubeconcepts.de/en/europes-industrial-electricity-prices-2024/', 'Eurostat-based summary: 2024 EU average 18.7 cents/kWh for 20-500 MWh/yr consumers incl. grid fees, excl. VAT; large data centres buy in higher bands at lower unit prices'),
  ('Germany', 'non_household_20-500MWh_excl_VAT', '0.233', 'EUR', 'kWh', '2024', 'https://cubeconcepts.de/en/europes-industrial-electricity-prices-2024/', '~25% above EU average (same band)'),
  ('Ireland', 'non_household_20-500MWh_excl_VAT', '0.256', 'EUR', 'kWh', '2024', 'https://cubeconcepts.de/en/europes-industrial-electricity-prices-2024/', 'Highest in EU; Eurostat also reports Ireland highest non-household price in H1 2024 at EUR 0.256/kWh'),
  ('Ireland', 'non_household_avg', '0.256', 'EUR', 'kWh', '2024-H1', 'https://round-lake.dustinice.workers.dev/https/ec.europa.eu/eurostat/statistics-explained/index.php?title=Electricity_price_statistics', 'Eurostat Statistics Explained (data extracted Oct 2024): highest non-household price H1 2024; lowest Finland EUR 0.0939'),
  ('EU (lowest: Finland)', 'non_household_avg', '0.0939', 'EUR', 'kWh', '2024-H1', 'https://round-lake.dustinice.workers.dev/https/ec.europa.eu/eurostat/statistics-explained/index.php?title=Electricity_price_statistics', 'Context lower bound for EU'),
  ('Netherlands', 'wholesale_spike_context', '0.3', 'EUR', 'kWh', '2022', 'https://hostingjournalist.com/dutch-data-center-sector-calls-on-government-to-intervene-in-energy-market/', 'Dutch Data Center Association: wholesale price rose from EUR 30 to EUR 300/MWh in one year (2022 crisis); no current Dutch non-household tariff found - gap'),
  ('China (national average)', 'industrial_avg', '0.088', 'USD', 'kWh', '2024', 'https://china-briefing.com/news/china-electricity-prices-industrial-consumers', 'China Briefing: average industrial power rate ~US$0.088/kWh in 2024, up from US$0.084 in 2019'),
  ('China (business, Statista)', 'business_avg', '0.09', 'USD', 'kWh', '2024-03', 'https://ibetubet.com/infinito/?x=https%3A%2F%2Fwww.statista.com%2Fstatistics%2F1373596%2Fbusiness-electricity-price-china%2F', 'Statista: business electricity ~9 US cents/kWh in March 2024, down from >10.4 cents in June 2020'),
  ('China west (Gansu/Guizhou/Inner Mongolia) - subsidised DC', 'dc_subsidised', '0.4', 'CNY', 'kWh', '2025-11-04', 'https://www.greenergydaily.com/index.php?id=3999', 'FT via GreenergyDaily: industrial power in these provinces ~30% cheaper than eastern coast; subsidies of up to 50% for DCs using domestic chips cut it to ~0.4 RMB (5.6 US cents)/kWh; Nvidia-based DCs not eligible'),
  ('China - Inner Mongolia (Hohhot)', 'industrial_standard', '0.38', 'CNY', 'kWh', '2015-03-28', 'https://global.chinadaily.com.cn/m/innermongolia/2015-03/28/content_19948300.htm', 'Old figure (2015): standard charge 0.38 RMB/kWh; Xinhua (2026-01-24) says a Horinger AI computing centre''s electricity cost is ~2/3 lower than comparable Beijing projects'),
  ('China - Guizhou (Gui''an)', 'dc_discounted', '0.35', 'CNY', 'kWh', '2021', 'https://udfspace.com/article/5167477242389119', 'Gui''an New Area discounted rate 0.35 RMB/kWh vs 0.5 RMB elsewhere; Chosun Biz (2026-04-11) repeats ~0.35 vs 0.5 (30% cheaper)'),
  ('China - Ningxia (Zhongwei)', 'dc_price', '0.36', 'CNY', 'kWh', '2020-11-16', 'http://en.cccweb.org/2020-11/16/content_1486339_2.htm', 'China Daily: Zhongwei cloud base electricity 0.36 RMB/kWh; PUE ~1.1 vs national average ~1.8'),
  ('China - Guangdong (Pearl River Delta 5 cities)', 'tou_peak', '1.49', 'CNY', 'kWh', '2023-07', 'https://www.infolink-group.com/energy-article/energy-storage-topic-is-ci-storage-demand-boom-on-widening-peak-valley-electricty-price-difference', 'InfoLink: SGCC/CSG agency purchase price for C&I users (35-110 kW), July 2023: peak 1.49 RMB/kWh'),
  ('China - Guangdong (Pearl River Delta 5 cities)', 'tou_valley', '0.289', 'CNY', 'kWh', '2023-07', 'https://www.infolink-group.com/energy-article/energy-storage-topic-is-ci-storage-demand-boom-on-widening-peak-valley-electricty-price-difference', 'Trough 0.289 RMB/kWh; spread ~1.2 RMB/kWh (largest in China mid-2023); 24 regions had spreads >0.7 RMB'),
  ('China - Guangdong (Pearl River Delta)', 'tou_peak_valley_spread', '1.25', 'CNY', 'kWh', '2021-12', 'https://www.azure-international.com/14-provinces-or-cities-in-china-to-implement-peak-to-valley-electricity-price-differences-superior-to-0-7-cny-kwh/', 'Dec 2021 tariffs: up to 1.25 RMB/kWh spread; 14 provinces >0.7'),
  ('China - Shanghai', 'tou_peak_valley_spread', '1.0', 'CNY', 'kWh', '2022-03', 'https://www.azure-international.com/peak-to-valley-prices-widen-in-11-cities-in-china-in-march/', 'March 2022: Shanghai, Sichuan, Guangxi, Tianjin, Guangdong spreads all >1 RMB/kWh (value is a lower bound); Shanghai flat/average DC tariff not found - gap'),
  ('Global (Uptime survey)', 'pue', '1.58', 'ratio', 'PUE', '2023', 'https://intelligence.uptimeinstitute.com/resource/large-data-centers-are-mostly-more-efficient-analysis-confirms', 'Uptime Institute industry average; flat 1.55-1.59 since ~2020'),
  ('Global (Uptime survey)', 'pue', '1.56', 'ratio', 'PUE', '2024', 'https://datasetsearch.research.google.com/search?query=average+data+center+pue', '2024 Uptime survey: average annual PUE 1.56 at largest data center (as indexed from Statista)'),
  ('Global (Uptime survey)', 'pue', '1.57', 'ratio', 'PUE', '2021', 'https://www.cnbc.com/2022/04/13/google-data-center-goal-100percent-green-energy-by-2030.html', 'Uptime 2021 survey average for large DCs, cited by CNBC'),
  ('Google fleet (hyperscaler)', 'pue', '1.1', 'ratio', 'PUE', '2021-Q2', 'https://www.cnbc.com/2022/04/13/google-data-center-goal-100percent-green-energy-by-2030.html', 'Google published PUE 1.1 for Q2 2021 (about 1.22 in 2008)'),
  ('Equinix (colocation)', 'pue', '1.42', 'ratio', 'PUE', '2023', 'https://datasetsearch.research.google.com/search?query=average+data+center+pue', 'Equinix global average 1.42 in 2023 (1.46 in 2022)'),
  ('AI DC assumption (Epoch AI)', 'pue', '1.2', 'ratio', 'PUE', '2025-02', 'https://docs.google.com/spreadsheets/d/1Xe1WXNaZ0IZuuRAJP62xf_ufmwUhgRhtp446bTHnUOM/edit?gid=505480858', 'Epoch AI ChatGPT-energy model: PUE 1.2; ''ranges from 1.1 to 1.3 for AI data centers per SemiAnalysis'''),
  ('China (national average)', 'pue', '1.8', 'ratio', 'PUE', '2020-11-16', 'http://en.cccweb.org/2020-11/16/content_1486339_2.htm', '''national average of around 1.8'' (China Daily quote)'),
  ('China (2018 typical)', 'pue', '2.2', 'ratio', 'PUE', '2019', 'https://senecaesg.com/insights/four-chinese-departments-push-forward-data-center-green-development/', 'Greenpeace/NCEPU 2019: most Chinese DCs ran PUE 2.2-3.0 (lower bound shown)'),
  ('China policy target (national average by 2025)', 'pue', '1.5', 'ratio', 'PUE', '2024-07-23', 'http://en.people.cn/n3/2024/0724/c90000-20197481.html', 'NDRC/MIIT et al. action plan: average DC PUE <1.5 by 2025; renewable share +10%/yr; ''internationally advanced'' by 2030'),
  ('China policy target (new large/super-large DCs by 2025)', 'pue', '1.3', 'ratio', 'PUE', '2022-08-25', 'https://www.azure-international.com/corporate-net-zero-pathways-new-large-scale-idcs-in-china-shall-meet-a-pue-below-1-3-by-2025-will-carbon-footprint-become-the-next-reference-indicator/', 'ICT green low-carbon action plan 2022-2025: new large and super-large DCs PUE <1.3 by 2025 (also Dec 2020 guideline: large/hyperscale <1.3)'),
  ('China policy target (national hub-node DCs)', 'pue', '1.25', 'ratio', 'PUE', '2021-12', 'https://dialogue.earth/en/digest/new-plan-to-increase-renewable-energy-in-data-centres/', 'Late-2021 implementation plan: PUE <=1.3 for large DCs and <=1.25 for national hub-node DCs (article date approx.)'),
  ('China policy (national green DC recommendation)', 'pue', '1.3', 'ratio', 'PUE', '2025-07-07', 'https://www.metal.com/en/newscontent/103417065', '2025 National Green Data Center list: PUE must not exceed 1.3 (GB40879-2021 level 2 or better)'),
  ('China - Ningxia Zhongwei (AI DC, liquid-cooled)', 'pue', '1.15', 'ratio', 'PUE', '2026-06-26', 'https://completeaitraining.com/news/china-opens-first-artificial-intelligence-data-center/', 'China Telecom Ningxia AI DC on direct green power, PUE 1.15'),
  ('USA primary markets (avg)', 'colo_kw_month', '184.06', 'USD', 'kW-month', '2024-H2', 'https://www.cbre.com/insights/reports/north-america-data-center-trends-h2-2024', 'CBRE: average monthly asking rate for 250-500 kW requirement, +12.6% YoY; vacancy record-low 1.9%'),
  ('USA - Northern Virginia', 'colo_kw_month', '175', 'USD', 'kW-month', '2024-H2', 'https://www.cbre.com/press-releases/north-american-data-center-construction-hit-new-heights-in-2024-amid-surging-demand-washington', 'CBRE press release (2025-03-06): N. Virginia asking rates $175-$225/kW-month wholesale colocation (low end); vacancy 0.48%'),
  ('USA - Northern Virginia', 'colo_kw_month', '225', 'USD', 'kW-month', '2024-H2', 'https://www.cbre.com/press-releases/north-american-data-center-construction-hit-new-heights-in-2024-amid-surging-demand-washington', 'High end of $175-$225');

-- Seed FX rates, each with its source. 1 base = rate quote.
INSERT INTO fx_rates (base, quote, rate, effective_from, source, notes) VALUES
  ('USD', 'CNY', '6.9', '2023-06-29', 'http://m.boke.042.cn/zixun/2023/0629/17096.html', 'Implied by the article''s own conversion: A100 $15,000 (~103,500 RMB) = 6.9 (gpu_prices_public.csv)'),
  ('EUR', 'USD', '1.0705', '2024-06-28', 'ECB euro foreign exchange reference rates, 28 June 2024 (eurofxref-daily.xml as quoted in github.com/dialogplay/tool-directory integrations/ecb_exchange_rate/README.md)', ''),
  ('EUR', 'CNY', '7.7748', '2024-06-28', 'ECB euro foreign exchange reference rates, 28 June 2024 (same source)', ''),
  ('EUR', 'JPY', '171.94', '2024-06-28', 'ECB euro foreign exchange reference rates, 28 June 2024 (same source)', ''),
  ('EUR', 'GBP', '0.84638', '2024-06-28', 'ECB euro foreign exchange reference rates, 28 June 2024 (same source)', ''),
  ('USD', 'CNY', '7.14', '2025-11-04', 'https://www.greenergydaily.com/index.php?id=3999', 'Implied by the FT report''s own conversion: 0.4 RMB = 5.6 US cents (7.142857, rounded to 7.14)');
