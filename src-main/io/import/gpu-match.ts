// Which catalog GPU a price-list row names. Vendors write the same part many ways
// (`A800 80G SXM4`, `A800-SXM4-80GB`, `英伟达 A800 80G`), so both the row text and every
// alias are normalised into token sets and an alias matches when all its tokens occur in
// the row. Anything else is `unknown_gpu` with suggestions: never a silent fuzzy match.
import { nfkc } from './values.js';
import type { CatalogGpu, ImportCatalog } from '../../shared/rows.js';

export type { CatalogGpu, UserAlias, ImportCatalog } from '../../shared/rows.js';


// Chinese brand names → their Latin forms, so `昇腾910B` meets `Ascend 910B`.
const BRANDS: [RegExp, string][] = [
  [/英伟达|辉达/g, ' nvidia '], [/英特尔/g, ' intel '], [/华为/g, ' huawei '], [/超威|超微半导体/g, ' amd '],
  [/昇腾/g, ' ascend '], [/鲲鹏/g, ' kunpeng '], [/海光/g, ' hygon '], [/寒武纪/g, ' cambricon '],
];
// Vendor names carry no information about the part (an alias may or may not include them).
const VENDOR_TOKENS = new Set(['nvidia', 'amd', 'intel', 'huawei', 'habana']);
// Alias words that name a form factor or a family, not the part: `8x PCIe slots` is no GPU count.
const GENERIC_TOKENS = new Set(['pcie', 'sxm', 'oam', 'nvl', 'hgx', 'dgx', 'hbm2e', 'hbm3', 'hbm3e', 'instinct', 'geforce', 'tesla', 'ai', 'accelerator', 'gen4', 'gen5']);

/** Normalised tokens of a part name. */
export function nameTokens(text: string): string[] {
  let s = nfkc(text).toLowerCase();
  for (const [re, to] of BRANDS) s = s.replace(re, to);
  // Split CJK runs from Latin/digit runs: `8卡服务器` → `8 卡服务器`.
  s = s.replace(/([\u3400-\u9fff]+)/g, ' $1 ');
  const raw = s.split(/[^a-z0-9\u3400-\u9fff]+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let t = raw[i];
    if (VENDOR_TOKENS.has(t)) continue;
    t = t.replace(/^(\d+)(?:g|gb|gib)$/, '$1gb').replace(/^sxm\d?$/, 'sxm');
    // `Gaudi 3` = `Gaudi3`, `RTX 4090` = `RTX4090`: a word followed by a bare number joins it.
    const next = raw[i + 1];
    if (/^[a-z]+$/.test(t) && next && /^\d+$/.test(next) && !['x', 'gen', 'pcie'].includes(t)) { t += next; i++; }
    out.push(t);
  }
  return out;
}

const memTokens = (tokens: Iterable<string>) => {
  const out: number[] = [];
  for (const t of tokens) { const m = /^(\d+)gb$/.exec(t); if (m) out.push(Number(m[1])); }
  return out;
};

interface PreparedAlias { gpu_id: string; tokens: string[]; user: boolean; text: string }

export interface GpuMatch {
  gpu_id: string;
  /** The alias as written in the catalog or by the user. */
  alias: string;
  via: 'catalog' | 'user_alias';
  /** Normalised tokens of the alias that matched (to find `8×910B` beside the name). */
  tokens: string[];
}

/** Matcher built once per import; remembers answers (a 100,000-row file repeats names). */
export class GpuMatcher {
  private aliases: PreparedAlias[] = [];
  private gpus = new Map<string, CatalogGpu>();
  private cache = new Map<string, GpuMatch | { ambiguous: string[] } | null>();

  constructor(catalog: ImportCatalog) {
    for (const g of catalog.gpus) {
      this.gpus.set(g.id, g);
      for (const a of [g.name, ...g.aliases]) {
        const tokens = [...new Set(nameTokens(a))];
        if (tokens.length) this.aliases.push({ gpu_id: g.id, tokens, user: false, text: a });
      }
    }
    for (const u of catalog.userAliases) {
      if (!this.gpus.has(u.gpu_id)) continue;
      const tokens = [...new Set(nameTokens(u.alias))];
      if (tokens.length) this.aliases.push({ gpu_id: u.gpu_id, tokens, user: true, text: u.alias });
    }
  }

  get ids(): string[] { return [...this.gpus.keys()]; }

  /** Every token of every alias of one GPU (to tell `8×910B` from `8x NDR`). */
  private tokenCache = new Map<string, string[]>();
  private suggestCache = new Map<string, string[]>();

  gpuTokens(id: string): string[] {
    const hit = this.tokenCache.get(id);
    if (hit) return hit;
    const out = new Set<string>();
    for (const a of this.aliases) if (a.gpu_id === id) for (const t of a.tokens) if (!/^\d+gb$/.test(t) && !GENERIC_TOKENS.has(t)) out.add(t);
    const list = [...out];
    this.tokenCache.set(id, list);
    return list;
  }
  gpu(id: string): CatalogGpu | undefined { return this.gpus.get(id); }

  /** The GPU a row's name text names, null when none, or the tied ids when it is ambiguous. */
  match(text: string): GpuMatch | { ambiguous: string[] } | null {
    const hit = this.cache.get(text);
    if (hit !== undefined) return hit;
    const r = this.matchUncached(text);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(text, r);
    return r;
  }

  private matchUncached(text: string): GpuMatch | { ambiguous: string[] } | null {
    const tokens = new Set(nameTokens(text));
    if (!tokens.size) return null;
    const saysPcie = tokens.has('pcie');
    const saysSxm = tokens.has('sxm');
    const mems = memTokens(tokens);
    const best = new Map<string, PreparedAlias>();
    for (const a of this.aliases) {
      if (!a.tokens.every((t) => tokens.has(t))) continue;
      const g = this.gpus.get(a.gpu_id)!;
      if (!a.user) {
        // The row contradicts the part: a PCIe card is not the SXM module of the same name
        // (and vice versa), and a stated memory size must be this part's.
        const ff = g.form_factor.toLowerCase();
        if (saysPcie && !ff.includes('pcie')) continue;
        if (saysSxm && !ff.includes('sxm')) continue;
        if (mems.length && !mems.some((m) => Math.abs(m - g.memory_gb) <= 1)) continue;
      }
      const prev = best.get(a.gpu_id);
      const score = (x: PreparedAlias) => (x.user ? 1000 : 0) + x.tokens.length;
      if (!prev || score(a) > score(prev)) best.set(a.gpu_id, a);
    }
    if (!best.size) return null;
    const ranked = [...best.values()].sort((x, y) => (y.user ? 1000 : 0) + y.tokens.length - ((x.user ? 1000 : 0) + x.tokens.length));
    const top = ranked[0];
    const topScore = (top.user ? 1000 : 0) + top.tokens.length;
    const tied = ranked.filter((x) => (x.user ? 1000 : 0) + x.tokens.length === topScore);
    if (tied.length > 1) {
      // A longer alias that contains a shorter one settles it (`H100 NVL` beats `H100`).
      return { ambiguous: tied.map((x) => x.gpu_id).sort() };
    }
    return { gpu_id: top.gpu_id, alias: top.text, via: top.user ? 'user_alias' : 'catalog', tokens: top.tokens };
  }

  /** Closest catalog entries for an unknown part, best first (for the wizard's alias prompt). */
  suggest(text: string, n = 3): string[] {
    const key = `${n}\u0001${text}`;
    const hit = this.suggestCache.get(key);
    if (hit) return hit;
    if (this.suggestCache.size > 10_000) this.suggestCache.clear();
    const r = this.suggestUncached(text, n);
    this.suggestCache.set(key, r);
    return r;
  }

  private suggestUncached(text: string, n: number): string[] {
    const tokens = new Set(nameTokens(text));
    const scored: { id: string; s: number }[] = [];
    for (const g of this.gpus.values()) {
      let best = 0;
      for (const a of this.aliases) {
        if (a.gpu_id !== g.id) continue;
        let s = 0;
        for (const t of a.tokens) {
          if (tokens.has(t)) s += 2;
          else if ([...tokens].some((x) => x.length >= 3 && t.length >= 3 && (x.startsWith(t) || t.startsWith(x)))) s += 1;
        }
        best = Math.max(best, s / (a.tokens.length + 1));
      }
      if (best > 0) scored.push({ id: g.id, s: best });
    }
    return scored.sort((a, b) => b.s - a.s || a.id.localeCompare(b.id)).slice(0, n).map((x) => x.id);
  }
}

// Words that say a row sells an accelerator (used only to tell `unknown_gpu` from `not_a_gpu`).
const GPU_WORDS = /(?<![a-z])(gpus?|tesla|geforce|quadro|radeon|instinct|accelerators?|npus?|tpus?|ascend|gaudi\d?|hgx|dgx|oam|sxm\d?)(?![a-z])|加速卡|显卡|算力卡|gpu卡|训练卡|推理卡/i;
const NOT_GPU_WORDS = /(?<![a-z])(cables?|switch(es)?|transceivers?|optics?|nics?|support|services?|remote\s*hands|warranty|installation|license|licen[cs]es?|software|storage|rack|pdu|cpu[-\s]?only|shipping|freight)(?![a-z])|线缆|交换机|光模块|网卡|维保|保修|安装|运维|服务费|技术支持|软件|授权|存储|机柜|运费/i;
const MODEL_CODE = /^[a-z]{1,3}\d{2,4}[a-z]{0,2}$/;
const UNIT_CODE = /^\d+(gb|tb|mb|gbps|w|kw|mm|m|u|v|hz|ghz|mhz)$/;

/** True when the text names some accelerator (so a non-match is `unknown_gpu`, not `not_a_gpu`). */
export function looksLikeGpu(text: string): boolean {
  const s = nfkc(text).toLowerCase();
  const strong = GPU_WORDS.test(s);
  if (NOT_GPU_WORDS.test(s) && !strong) return false;
  if (strong) return true;
  return nameTokens(s).some((t) => MODEL_CODE.test(t) && !UNIT_CODE.test(t));
}
