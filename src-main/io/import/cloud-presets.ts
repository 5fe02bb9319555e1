// The public price exports of the three big clouds, as presets (issue 20): the AWS Price List
// bulk CSV (EC2 offer file), the Azure Retail Prices API (CSV or its JSON `Items`), and the Google
// Cloud SKU price export (console CSV or the BigQuery `cloud_pricing_export` columns). Each row is
// read by name: which GPU and how many the instance type (or SKU) stands for, and whether the row
// is an on-demand Linux shared-tenancy hourly price — the only rows that are on-demand prices.
// Reservations, savings plans and commitments are other terms (`other_term`); Windows, dedicated
// tenancy, BYOL, pre-installed software and capacity-reservation lines are other offers
// (`other_offer`); a spot/preemptible row is kept beside the on-demand price of the same offer.
// Pure: no I/O.
import { importMsg, type ImportText } from '../../shared/import-messages.js';
import type { Reason } from './preview.js';

export type CloudPreset = 'aws' | 'azure' | 'gcp';

/** A row's cells by squashed header (letters and digits, lower case); '' when the file has no such column. */
export interface RowView { get(name: string): string }

export type PresetRow =
  | { reject: Reason; detail: ImportText }
  | {
    /** The catalog GPU the instance type stands for, when the table knows it. */
    gpu_id?: string;
    /** Text to match against the catalog when gpu_id is not known (a GCP SKU description). */
    text: string;
    /** GPUs per priced unit (an instance's GPUs; 1 for a per-GPU SKU). */
    gpus: number;
    spot: boolean;
    /** Names the offer regardless of spot/on-demand (instance type or SKU family), to pair a spot row with its on-demand row. */
    offer: string;
    /** A region found in the row's words when the file has no region column (GCP "running in Americas"). */
    region?: string;
  };

const low = (s: string) => s.trim().toLowerCase();

// ---------------------------------------------------------------- instance types → GPU type and count
// Public instance documentation of each provider (docs/import.md "Cloud price exports" lists them).

/** AWS GPU instance families: the GPU, and the GPUs per size (sizes not listed are not GPU instances of the family). */
const AWS: Record<string, { gpu: string; sizes: Record<string, number> }> = {
  p5: { gpu: 'h100-sxm', sizes: { '48xlarge': 8, '4xlarge': 1 } },
  p5e: { gpu: 'h200-sxm', sizes: { '48xlarge': 8 } },
  p5en: { gpu: 'h200-sxm', sizes: { '48xlarge': 8 } },
  'p6-b200': { gpu: 'b200', sizes: { '48xlarge': 8 } },
  p4d: { gpu: 'a100-sxm-40gb', sizes: { '24xlarge': 8 } },
  p4de: { gpu: 'a100-sxm-80gb', sizes: { '24xlarge': 8 } },
  p3: { gpu: 'v100-16gb', sizes: { '2xlarge': 1, '8xlarge': 4, '16xlarge': 8 } },
  p3dn: { gpu: 'v100-32gb', sizes: { '24xlarge': 8 } },
  g5: { gpu: 'a10g', sizes: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  g6: { gpu: 'l4', sizes: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  gr6: { gpu: 'l4', sizes: { '4xlarge': 1, '8xlarge': 1 } },
  g6e: { gpu: 'l40s', sizes: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 } },
  g4dn: { gpu: 't4', sizes: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1, '12xlarge': 4, metal: 8 } },
};
/** AWS families with a GPU the catalog does not hold, or a fraction of one. */
const AWS_OTHER_GPU = /^(g4ad|g3s?|g2|p2|p3dn?|inf\d|trn\d|dl\d|f\d|g5g|g6f|gr6f|vt1)\./;

/** Azure VM sizes (armSkuName, lower case) → GPU and count. */
const AZURE: Record<string, [string, number]> = {
  standard_nd96isr_h100_v5: ['h100-sxm', 8], standard_nd96isr_h200_v5: ['h200-sxm', 8],
  standard_nd96asr_v4: ['a100-sxm-40gb', 8], standard_nd96amsr_a100_v4: ['a100-sxm-80gb', 8],
  standard_nc24ads_a100_v4: ['a100-pcie-80gb', 1], standard_nc48ads_a100_v4: ['a100-pcie-80gb', 2], standard_nc96ads_a100_v4: ['a100-pcie-80gb', 4],
  standard_nc40ads_h100_v5: ['h100-nvl', 1], standard_nc80adis_h100_v5: ['h100-nvl', 2],
  standard_nc4as_t4_v3: ['t4', 1], standard_nc8as_t4_v3: ['t4', 1], standard_nc16as_t4_v3: ['t4', 1], standard_nc64as_t4_v3: ['t4', 4],
  standard_nc6s_v3: ['v100-16gb', 1], standard_nc12s_v3: ['v100-16gb', 2], standard_nc24s_v3: ['v100-16gb', 4], standard_nc24rs_v3: ['v100-16gb', 4],
  standard_nd40rs_v2: ['v100-32gb', 8], standard_nd96is_mi300x_v5: ['mi300x', 8],
  standard_nv36ads_a10_v5: ['a10', 1], standard_nv72ads_a10_v5: ['a10', 2],
};
/** Azure GPU sizes that hold a fraction of a GPU (NVads A10 v5 below 36 vCPUs, NCads A10 v4, NVv4 Radeon partitions). */
const AZURE_FRACTION = /^standard_(nv(6|12|18)ads_a10_v5|nc(8|16|32)ads_a10_v4|nv\d+as_v4)$/;

/** GCP machine types → GPU and count (accelerator-optimised families; GPUs attached to N1 are priced per GPU SKU). */
export function gcpMachineGpus(machine: string): { gpu_id: string; gpus: number } | null {
  const m = /^(a2-highgpu|a2-ultragpu|a2-megagpu|a3-highgpu|a3-megagpu|a3-edgegpu|a3-ultragpu|a4-highgpu)-(\d+)g$/.exec(low(machine));
  if (m) {
    const gpu = m[1] === 'a2-ultragpu' ? 'a100-sxm-80gb' : m[1].startsWith('a2') ? 'a100-sxm-40gb' : m[1] === 'a3-ultragpu' ? 'h200-sxm' : m[1] === 'a4-highgpu' ? 'b200' : 'h100-sxm';
    return { gpu_id: gpu, gpus: Number(m[2]) };
  }
  const g2 = /^g2-standard-(\d+)$/.exec(low(machine));
  if (g2) { const n = ({ 4: 1, 8: 1, 12: 1, 16: 1, 32: 1, 24: 2, 48: 4, 96: 8 } as Record<string, number>)[g2[1]]; return n ? { gpu_id: 'l4', gpus: n } : null; }
  const g4 = /^g4-standard-(\d+)$/.exec(low(machine));
  if (g4) { const n = ({ 48: 1, 96: 2, 192: 4, 384: 8 } as Record<string, number>)[g4[1]]; return n ? { gpu_id: 'rtx-pro-6000', gpus: n } : null; }
  return null;
}

/** AWS instance type → GPU and count; 'other' for a GPU family the catalog does not hold; null for no GPU. */
export function awsInstanceGpus(instance: string): { gpu_id: string; gpus: number } | 'other' | null {
  const s = low(instance);
  const dot = s.lastIndexOf('.');
  if (dot < 0) return null;
  const fam = AWS[s.slice(0, dot)];
  const n = fam?.sizes[s.slice(dot + 1)];
  if (fam && n) return { gpu_id: fam.gpu, gpus: n };
  return AWS_OTHER_GPU.test(s) ? 'other' : null;
}

/** Azure VM size → GPU and count; 'fraction' / 'other' for GPU sizes that cannot be priced per GPU here; null for no GPU. */
export function azureSizeGpus(size: string): { gpu_id: string; gpus: number } | 'fraction' | 'other' | null {
  const s = low(size).replace(/\s+/g, '_');
  const hit = AZURE[s] ?? AZURE[`standard_${s}`];
  if (hit) return { gpu_id: hit[0], gpus: hit[1] };
  if (AZURE_FRACTION.test(s) || AZURE_FRACTION.test(`standard_${s}`)) return 'fraction';
  return /^(standard_)?n[cdvg]\d/.test(s) ? 'other' : null;
}

/** GCP GPU SKU words → catalog GPU ("Nvidia Tesla A100 GPU running in Americas" is the 40 GB SXM4 part of a2-highgpu). */
function gcpGpuOf(desc: string): string | null {
  const s = low(desc);
  if (/\bh200\b/.test(s)) return 'h200-sxm';
  if (/\bh100\b/.test(s)) return 'h100-sxm';
  if (/\bb200\b/.test(s)) return 'b200';
  if (/\ba100\b/.test(s)) return /80\s*gb/.test(s) ? 'a100-sxm-80gb' : 'a100-sxm-40gb';
  if (/\bv100\b/.test(s)) return 'v100-16gb';
  if (/\bl4\b/.test(s)) return 'l4';
  if (/\bt4\b/.test(s)) return 't4';
  if (/rtx\s*pro\s*6000/.test(s)) return 'rtx-pro-6000';
  return null;
}

// ---------------------------------------------------------------------------------- rows

const HOURLY_UNIT = /^(hrs?|hours?|h|1\s*hours?|per\s*hour|hour)$/;

function aws(r: RowView): PresetRow {
  const plan = r.get('discountedrate');
  if (plan) {
    const what = [r.get('description') || r.get('discountedusagetype'), r.get('leasecontractlength') && `${r.get('leasecontractlength')} ${r.get('leasecontractlengthunit')}`.trim(), r.get('purchaseoption')].filter(Boolean).join(', ');
    return { reject: 'other_term', detail: what ? importMsg('aws_savings_plan_what', { what }) : importMsg('aws_savings_plan') };
  }
  const instance = r.get('instancetype');
  const family = r.get('productfamily');
  if (family && !/^compute instance/i.test(family)) return { reject: 'not_a_gpu', detail: importMsg('aws_not_instance', { family }) };
  if (!instance) return { reject: 'not_a_gpu', detail: importMsg('aws_no_instance') };
  const g = awsInstanceGpus(instance);
  const gpuCount = Number(r.get('gpu'));
  if (g === null && !(gpuCount > 0)) return { reject: 'not_a_gpu', detail: importMsg('no_gpu_in_instance', { instance }) };
  if (g === null || g === 'other') return { reject: 'unknown_gpu', detail: importMsg('aws_unmapped_gpu', { instance }) };
  const term = r.get('termtype');
  if (term && low(term) !== 'ondemand') {
    const how = [r.get('leasecontractlength'), r.get('purchaseoption'), r.get('offeringclass')].filter(Boolean).join(', ');
    return { reject: 'other_term', detail: how ? importMsg('aws_other_term_how', { instance, term, how }) : importMsg('aws_other_term', { instance, term }) };
  }
  const market = r.get('marketoption');
  if (market && low(market) !== 'ondemand') return { reject: 'other_term', detail: importMsg('aws_market', { instance, market }) };
  const os = r.get('operatingsystem');
  if (os && low(os) !== 'linux') return { reject: 'other_offer', detail: importMsg('aws_os', { instance, os }) };
  const tenancy = r.get('tenancy');
  if (tenancy && low(tenancy) !== 'shared') return { reject: 'other_offer', detail: importMsg('aws_tenancy', { instance, tenancy }) };
  const sw = r.get('preinstalledsw');
  if (sw && low(sw) !== 'na') return { reject: 'other_offer', detail: importMsg('aws_software', { instance, software: sw }) };
  const licence = r.get('licensemodel');
  if (/bring your own/i.test(licence)) return { reject: 'other_offer', detail: importMsg('aws_byol', { instance, licence }) };
  const cap = r.get('capacitystatus');
  if (cap && low(cap) !== 'used') return { reject: 'other_offer', detail: importMsg('aws_capacity', { instance, status: cap }) };
  const unit = r.get('unit');
  if (unit && !HOURLY_UNIT.test(low(unit))) return { reject: 'other_offer', detail: importMsg('priced_per_for', { instance, unit }) };
  return { gpu_id: g.gpu_id, text: instance, gpus: g.gpus, spot: false, offer: low(instance) };
}

function azure(r: RowView): PresetRow {
  // armSkuName, else the skuName without its Spot / Low Priority word ("NC24ads A100 v4 Spot").
  const size = r.get('armskuname') || r.get('skuname').replace(/\s+(spot|low priority)\s*$/i, '');
  const service = r.get('servicename');
  if (service && low(service) !== 'virtual machines') return { reject: 'not_a_gpu', detail: importMsg('azure_not_vm', { service }) };
  const g = azureSizeGpus(size);
  if (g === null) return { reject: 'not_a_gpu', detail: size ? importMsg('no_gpu_in_instance', { instance: size }) : importMsg('azure_no_size') };
  if (g === 'fraction') return { reject: 'other_offer', detail: importMsg('azure_fraction', { size }) };
  if (g === 'other') return { reject: 'unknown_gpu', detail: importMsg('azure_unmapped_gpu', { size }) };
  const type = r.get('type');
  if (type && low(type) !== 'consumption') {
    const term = r.get('reservationterm');
    return { reject: 'other_term', detail: term ? importMsg('azure_other_type_term', { size, type, term }) : importMsg('azure_other_type', { size, type }) };
  }
  const product = r.get('productname');
  const words = `${r.get('skuname')} ${r.get('metername')}`;
  if (/windows/i.test(product) || /windows/i.test(words)) return { reject: 'other_offer', detail: importMsg('azure_windows', { size }) };
  if (/dedicated host/i.test(product)) return { reject: 'other_offer', detail: importMsg('azure_dedicated', { size }) };
  const unit = r.get('unitofmeasure');
  if (unit && !HOURLY_UNIT.test(low(unit))) return { reject: 'other_offer', detail: importMsg('priced_per_for', { instance: size, unit }) };
  const primary = r.get('isprimarymeterregion');
  if (primary && low(primary) === 'false') return { reject: 'duplicate', detail: importMsg('azure_non_primary', { size }) };
  const spot = /\b(spot|low priority)\b/i.test(words);
  return { gpu_id: g.gpu_id, text: size, gpus: g.gpus, spot, offer: low(size) };
}

function gcp(r: RowView): PresetRow {
  const desc = r.get('skudescription') || r.get('description');
  const service = r.get('servicedescription') || r.get('service');
  if (service && !/compute engine/i.test(service)) return { reject: 'not_a_gpu', detail: importMsg('gcp_not_compute', { service }) };
  const unit = r.get('usageunit') || r.get('pricingunit') || r.get('unitdescription') || r.get('pricingunitdescription') || r.get('unit');
  const machine = r.get('machinetype');
  const fromMachine = machine ? gcpMachineGpus(machine) : null;
  const gpuId = fromMachine?.gpu_id ?? gcpGpuOf(desc);
  const named = /\b(gpu|tpu|nvidia|tesla)\b/i.test(desc);
  if (!gpuId && !named) return { reject: 'not_a_gpu', detail: importMsg('gcp_no_gpu', { text: desc }) };
  if (/commit(ment|ted)|\bcud\b|reserv(ed|ation)|calendar mode|flex-start|\bdws\b/i.test(desc)) {
    return { reject: 'other_term', detail: importMsg('gcp_commitment', { text: desc }) };
  }
  if (unit && !HOURLY_UNIT.test(low(unit))) return { reject: 'other_offer', detail: importMsg('priced_per', { unit }) };
  if (/sole[-\s]?tenan|windows|licen[cs]e/i.test(desc)) return { reject: 'other_offer', detail: importMsg('gcp_not_plain', { text: desc }) };
  const spot = /\b(spot|preemptible)\b/i.test(desc);
  const place = /running in\s+(.+?)\s*$/i.exec(desc)?.[1] ?? undefined;
  const base = fromMachine ? low(machine) : low(desc).replace(/\b(attached to\s+)?(spot\s+)?preemptible(\s+vms?)?\b|\bspot\b/g, ' ').replace(/\s+/g, ' ').trim();
  return { ...(gpuId ? { gpu_id: gpuId } : {}), text: desc, gpus: fromMachine?.gpus ?? 1, spot, offer: base, ...(place ? { region: place } : {}) };
}

export const CLOUD_ROWS: Record<CloudPreset, (r: RowView) => PresetRow> = { aws, azure, gcp };
