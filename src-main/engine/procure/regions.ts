// Which cloud prices a site may rent (issue 20). A site's cloud-region setting (site_costs.cloud_region,
// migration 0230; Sites page) restricts the cloud capacity the optimiser may rent for it. The rule
// (docs/procurement.md "Cloud regions"):
//  - no setting (null/blank): no restriction — every cloud price, as before;
//  - otherwise a comma-separated list of terms; a price's region is compatible when ANY term matches:
//      * a region code equal to the price's region, case and separators ignored ("us-east-1" = "US_EAST_1",
//        "East US" = "eastus"); a zone names its region ("us-east-1a" → us-east-1, "us-central1-a" → us-central1);
//      * a prefix ending in "*" ("us-*", "europe-west*") that the price's region starts with;
//      * a two-letter country code ("US", "DE", "CN") equal to the country the price's region lies in
//        (regionCountry: the public AWS, Azure, GCP, RunPod-style region codes, country codes and names);
//  - a price that names no region (null, blank, "global", "unspecified") applies everywhere and stays
//    compatible: the list did not say where it is;
//  - a price region of several parts ("EU/US") is compatible when any part is.
// Pure: no I/O.

/** Letters and digits only, lower case: "East US" → "eastus", "us-east-1" → "useast1". */
export function normRegion(r: string): string {
  return r.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const NOT_SAID = new Set(['', 'global', 'unspecified', 'any', 'all', 'worldwide', 'multi', 'multiregion', 'na', 'none', 'unknown']);

/** A region string says no place. */
export function regionNotSaid(region: string | null | undefined): boolean {
  return region === null || region === undefined || NOT_SAID.has(normRegion(region));
}

/** Zone → region: "us-east-1a" → "us-east-1", "us-central1-a" → "us-central1"; other strings unchanged. */
export function zoneToRegion(r: string): string {
  const s = r.trim().toLowerCase();
  const aws = /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)[a-z]$/.exec(s);
  if (aws) return aws[1];
  const gcp = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(s);
  if (gcp) return gcp[1];
  return s;
}

// Public region codes → ISO 3166-1 alpha-2 (AWS, GCP and Azure region lists; Azure by its programmatic name).
const REGION_COUNTRY: Record<string, string> = {
  // AWS
  'us-east-1': 'US', 'us-east-2': 'US', 'us-west-1': 'US', 'us-west-2': 'US', 'us-gov-west-1': 'US', 'us-gov-east-1': 'US',
  'ca-central-1': 'CA', 'ca-west-1': 'CA', 'sa-east-1': 'BR', 'mx-central-1': 'MX',
  'eu-west-1': 'IE', 'eu-west-2': 'GB', 'eu-west-3': 'FR', 'eu-central-1': 'DE', 'eu-central-2': 'CH', 'eu-north-1': 'SE',
  'eu-south-1': 'IT', 'eu-south-2': 'ES',
  'ap-northeast-1': 'JP', 'ap-northeast-2': 'KR', 'ap-northeast-3': 'JP', 'ap-southeast-1': 'SG', 'ap-southeast-2': 'AU',
  'ap-southeast-3': 'ID', 'ap-southeast-4': 'AU', 'ap-southeast-5': 'MY', 'ap-south-1': 'IN', 'ap-south-2': 'IN', 'ap-east-1': 'HK',
  'me-south-1': 'BH', 'me-central-1': 'AE', 'il-central-1': 'IL', 'af-south-1': 'ZA', 'cn-north-1': 'CN', 'cn-northwest-1': 'CN',
  // GCP
  'us-central1': 'US', 'us-east1': 'US', 'us-east4': 'US', 'us-east5': 'US', 'us-south1': 'US',
  'us-west1': 'US', 'us-west2': 'US', 'us-west3': 'US', 'us-west4': 'US',
  'northamerica-northeast1': 'CA', 'northamerica-northeast2': 'CA', 'northamerica-south1': 'MX', 'southamerica-east1': 'BR', 'southamerica-west1': 'CL',
  'europe-west1': 'BE', 'europe-west2': 'GB', 'europe-west3': 'DE', 'europe-west4': 'NL', 'europe-west6': 'CH', 'europe-west8': 'IT',
  'europe-west9': 'FR', 'europe-west10': 'DE', 'europe-west12': 'IT', 'europe-north1': 'FI', 'europe-north2': 'SE', 'europe-central2': 'PL',
  'europe-southwest1': 'ES', 'asia-east1': 'TW', 'asia-east2': 'HK', 'asia-northeast1': 'JP', 'asia-northeast2': 'JP',
  'asia-northeast3': 'KR', 'asia-south1': 'IN', 'asia-south2': 'IN', 'asia-southeast1': 'SG', 'asia-southeast2': 'ID',
  'australia-southeast1': 'AU', 'australia-southeast2': 'AU', 'me-west1': 'IL', 'me-central1': 'QA', 'me-central2': 'SA', 'africa-south1': 'ZA',
  // Azure (programmatic names; display names normalise to the same letters)
  eastus: 'US', eastus2: 'US', westus: 'US', westus2: 'US', westus3: 'US', centralus: 'US', northcentralus: 'US',
  southcentralus: 'US', westcentralus: 'US', canadacentral: 'CA', canadaeast: 'CA', brazilsouth: 'BR', mexicocentral: 'MX',
  northeurope: 'IE', westeurope: 'NL', uksouth: 'GB', ukwest: 'GB', francecentral: 'FR', francesouth: 'FR',
  germanywestcentral: 'DE', germanynorth: 'DE', switzerlandnorth: 'CH', switzerlandwest: 'CH', norwayeast: 'NO', norwaywest: 'NO',
  swedencentral: 'SE', polandcentral: 'PL', italynorth: 'IT', spaincentral: 'ES', japaneast: 'JP', japanwest: 'JP',
  koreacentral: 'KR', koreasouth: 'KR', southeastasia: 'SG', eastasia: 'HK', australiaeast: 'AU', australiasoutheast: 'AU',
  australiacentral: 'AU', centralindia: 'IN', southindia: 'IN', westindia: 'IN', uaenorth: 'AE', qatarcentral: 'QA',
  israelcentral: 'IL', southafricanorth: 'ZA', chinanorth3: 'CN', chinaeast2: 'CN',
};
const BY_NORM = new Map(Object.entries(REGION_COUNTRY).map(([k, v]) => [normRegion(k), v]));
const COUNTRY_NAMES: Record<string, string> = {
  us: 'US', usa: 'US', unitedstates: 'US', china: 'CN', mainlandchina: 'CN', japan: 'JP', germany: 'DE', canada: 'CA',
  unitedkingdom: 'GB', uk: 'GB', france: 'FR', netherlands: 'NL', singapore: 'SG', india: 'IN', korea: 'KR', southkorea: 'KR',
  australia: 'AU', brazil: 'BR', sweden: 'SE', norway: 'NO', finland: 'FI', iceland: 'IS', ireland: 'IE',
};
/** Two-letter codes that are geographies, not countries (RunPod-style "EU-RO-1": the country is the second part). */
const GEO_PREFIX = new Set(['eu', 'eur', 'ap', 'apac', 'sa', 'na', 'oc', 'me', 'af']);
const ISO2 = /^[A-Za-z]{2}$/;

/** The country (ISO alpha-2, upper case) a cloud region lies in, or null when it is not known. */
export function regionCountry(region: string): string | null {
  const r = zoneToRegion(region);
  const n = normRegion(r);
  const known = BY_NORM.get(n);
  if (known) return known;
  if (COUNTRY_NAMES[n]) return COUNTRY_NAMES[n];
  if (ISO2.test(r)) return r.toUpperCase();
  // Provider codes that start with a country: "cn-beijing", "US-TX-3", "CA-MTL-1"; or a geography then a country: "EU-RO-1".
  const parts = r.split(/[-_\s]+/).filter(Boolean);
  if (parts.length >= 2) {
    const [a, b] = parts.map((p) => p.toLowerCase());
    if (GEO_PREFIX.has(a) && /^[a-z]{2}$/.test(b)) return b.toUpperCase();
    if (/^[a-z]{2}$/.test(a) && !GEO_PREFIX.has(a)) return a.toUpperCase();
  }
  return null;
}

/** The terms of a site's setting, trimmed, empty ones dropped; [] = no restriction. */
export function regionTerms(setting: string | null | undefined): string[] {
  return (setting ?? '').split(',').map((t) => t.trim()).filter(Boolean);
}

function termMatches(term: string, region: string): boolean {
  const r = zoneToRegion(region);
  if (term.endsWith('*')) {
    const pre = normRegion(term.slice(0, -1));
    return pre.length > 0 && normRegion(r).startsWith(pre);
  }
  if (ISO2.test(term)) {
    if (normRegion(r) === normRegion(term)) return true;
    return regionCountry(r) === term.toUpperCase();
  }
  return normRegion(zoneToRegion(term)) === normRegion(r);
}

/** May a site with this cloud-region setting rent at a price listed in `region`? (The rule above.) */
export function regionCompatible(setting: string | null | undefined, region: string | null | undefined): boolean {
  const terms = regionTerms(setting);
  if (!terms.length) return true;
  if (regionNotSaid(region)) return true;
  const parts = region!.split('/').map((p) => p.trim()).filter(Boolean);
  return parts.some((p) => regionNotSaid(p) || terms.some((t) => termMatches(t, p)));
}
