// Demo tariffs and site cost extras for the demo sites (app/demo.ts), each figure traced to
// db/seed/electricity_public.csv; FX rates come seeded by migration 0040.
import type { WritableDB } from '../store/handles.js';
import { getSiteByName } from '../store/inventory.js';
import { insertTariff, upsertSiteCosts } from '../store/money.js';

interface DemoSiteMoney {
  site: string;
  tariff: { effective_from: string; currency: string; price_per_kwh: string; source: string; notes: string };
  later?: { effective_from: string; currency: string; price_per_kwh: string; source: string; notes: string };
  hosting?: { price: string; currency: string; source: string };
  utc_offset_hours: number;
}

export const DEMO_SITE_MONEY: DemoSiteMoney[] = [
  {
    site: 'Virginia-1', utc_offset_hours: -5,
    tariff: { effective_from: '2023-01-01', currency: 'USD', price_per_kwh: '0.0892', source: 'https://www.eia.gov/electricity/annual/secrev-map.php',
      notes: 'EIA Electric Power Annual 2023: Virginia industrial average revenue per kWh' },
    hosting: { price: '175', currency: 'USD', source: 'CBRE press release 2025-03-06: N. Virginia wholesale colocation $175–225/kW-month (low end), H2 2024' },
  },
  {
    site: 'Oregon-Cloud', utc_offset_hours: -8,
    tariff: { effective_from: '2023-01-01', currency: 'USD', price_per_kwh: '0.0752', source: 'https://www.eia.gov/electricity/annual/secrev-map.php',
      notes: 'EIA Electric Power Annual 2023: Oregon industrial (cloud GPUs pay it inside the hourly rate; used for any own servers here)' },
  },
  {
    site: 'Ulanqab', utc_offset_hours: 8,
    tariff: { effective_from: '2015-03-28', currency: 'CNY', price_per_kwh: '0.38', source: 'https://global.chinadaily.com.cn/m/innermongolia/2015-03/28/content_19948300.htm',
      notes: 'Inner Mongolia (Hohhot) standard charge 0.38 RMB/kWh, 2015 — an old figure; no newer Inner Mongolia DC tariff in the shipped data' },
  },
  {
    site: 'Zhongwei', utc_offset_hours: 8,
    tariff: { effective_from: '2020-11-16', currency: 'CNY', price_per_kwh: '0.36', source: 'http://en.cccweb.org/2020-11/16/content_1486339_2.htm',
      notes: 'China Daily: Zhongwei cloud base electricity 0.36 RMB/kWh' },
  },
  {
    site: 'Azure-ChatGPT', utc_offset_hours: -5,
    tariff: { effective_from: '2023-01-01', currency: 'USD', price_per_kwh: '0.0806', source: 'https://www.statista.com/statistics/190680/us-industrial-consumer-price-estimates-for-retail-electricity-since-1970/',
      notes: 'EIA via Statista: US industrial average 8.06 cents/kWh in 2023 (cloud GPUs pay power inside the hourly rate)' },
  },
  {
    site: 'Baidu-ERNIE', utc_offset_hours: 8,
    tariff: { effective_from: '2019-01-01', currency: 'USD', price_per_kwh: '0.084', source: 'https://china-briefing.com/news/china-electricity-prices-industrial-consumers',
      notes: 'China Briefing: average industrial power rate ~US$0.084/kWh in 2019' },
    later: { effective_from: '2024-01-01', currency: 'USD', price_per_kwh: '0.088', source: 'https://china-briefing.com/news/china-electricity-prices-industrial-consumers',
      notes: 'China Briefing: average industrial power rate ~US$0.088/kWh in 2024' },
  },
];

/** Writes tariffs and site cost extras for whichever demo sites exist (in the caller's transaction). */
export function insertDemoMoney(db: WritableDB): void {
  for (const d of DEMO_SITE_MONEY) {
    const site = getSiteByName(db, d.site);
    if (!site) continue;
    upsertSiteCosts(db, {
      site_id: site.id, hosting_per_kw_month: d.hosting?.price ?? null, hosting_currency: d.hosting?.currency ?? null,
      server_type: 'hgx_8gpu', server_overhead: null, utc_offset_hours: d.utc_offset_hours, source: d.hosting?.source ?? '',
    });
    for (const t of d.later ? [d.tariff, d.later] : [d.tariff]) {
      insertTariff(db, {
        site_id: site.id, effective_from: t.effective_from, currency: t.currency, kind: 'flat',
        price_per_kwh: t.price_per_kwh, bands: null, demand_charge_per_kw_month: '0', source: t.source, notes: t.notes,
      });
    }
  }
}
