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
    if (/^[a-z]+$/.test(t) && next && /^\d+$/.test(next) && !['x', 'gen', 'pcie', 'sxm', 'nvl', 'oam'].includes(t)) { t += next; i++; }
    out.push(t);
  }
  return out;
}

// A memory size right after a vCPU count (`1x_L4_28V_124G`) or beside RAM words is the
// machine's system memory, never the GPU's.
const VCPU_TOKEN = /^\d+v(cpus?)?$/;
const RAM_WORDS = /^(ram|ddr\d?|memory|mem|dimm|内存|系统内存)$/;
function gpuMemTokens(ordered: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const m = /^(\d+)gb$/.exec(ordered[i]);
    if (!m) continue;
    const prev = ordered[i - 1] ?? '', next = ordered[i + 1] ?? '';
    if (VCPU_TOKEN.test(prev) || RAM_WORDS.test(prev) || RAM_WORDS.test(next)) continue;
    out.push(Number(m[1]));
  }
  return out;
}

/** What a row says about its GPU besides the name text. */
export interface MatchHints {
  /** GPU memory stated outside the name (GpuInfo SizeInMiB, a GPU-memory column), in GB; the part must have one of these (±8 %). */
  memoryGb?: number[];
  /** Text that may only tell the form factor (`sxm`, `pcie`, `nvl`), e.g. an instance type; its memory sizes are ignored. */
  formText?: string;
}

const FORM_TOKENS = new Set(['pcie', 'sxm', 'nvl']);
/** Relative tolerance for a stated GPU memory: clouds report usable MiB (an L4 shows 22,888 MiB for 24 GB). */
const MEM_TOLERANCE = 0.08;

interface PreparedAlias {
  gpu_id: string; tokens: string[]; user: boolean; text: string;
  /** The tokens that name the part (not a memory size, form factor or family word). */
  partTokens: string[];
}
const partTokensOf = (tokens: string[]) => tokens.filter((t) => !/^\d+gb$/.test(t) && !GENERIC_TOKENS.has(t));

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
  private rawCache = new Map<string, GpuMatch | { ambiguous: string[] } | null>();

  constructor(catalog: ImportCatalog) {
    for (const g of catalog.gpus) {
      this.gpus.set(g.id, g);
      for (const a of [g.name, ...g.aliases]) {
        const tokens = [...new Set(nameTokens(a))];
        if (tokens.length) this.aliases.push({ gpu_id: g.id, tokens, user: false, text: a, partTokens: partTokensOf(tokens) });
      }
    }
    for (const u of catalog.userAliases) {
      if (!this.gpus.has(u.gpu_id)) continue;
      const tokens = [...new Set(nameTokens(u.alias))];
      if (tokens.length) this.aliases.push({ gpu_id: u.gpu_id, tokens, user: true, text: u.alias, partTokens: partTokensOf(tokens) });
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

  /**
   * The GPU a row's name text names, null when none, or the candidate ids when the row does
   * not say enough to tell them apart (plain `H100`, `V100`: reported with every candidate).
   */
  match(text: string, hints?: MatchHints): GpuMatch | { ambiguous: string[] } | null {
    // The answer depends only on the tokens some alias, memory size or form word could use, so
    // rows that differ only in part numbers or serials (`P-17 H100 SXM5 80GB`, `P-18 …`) share one
    // cache entry: a 100k-row quote of distinct part numbers matches a handful of distinct names.
    const hintKey = hints ? `\u0001${(hints.memoryGb ?? []).join(',')}\u0001${hints.formText ?? ''}` : '';
    // Repeated texts (most quotes) skip even the tokenising.
    const raw = this.rawCache.get(text + hintKey);
    if (raw !== undefined) return raw;
    const ordered = this.relevantTokens(nameTokens(text));
    const key = ordered.join(' ') + hintKey;
    let r = this.cache.get(key);
    if (r === undefined) {
      r = this.matchUncached(ordered, hints);
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(key, r);
    }
    if (this.rawCache.size > 50_000) this.rawCache.clear();
    this.rawCache.set(text + hintKey, r);
    return r;
  }

  /** Every token any alias has (what the alias and family checks can look at). */
  private aliasTokenCache: Set<string> | null = null;
  private get aliasTokens(): Set<string> {
    if (!this.aliasTokenCache) {
      this.aliasTokenCache = new Set();
      for (const a of this.aliases) for (const t of a.tokens) this.aliasTokenCache.add(t);
    }
    return this.aliasTokenCache;
  }

  /**
   * The row's tokens with every token no check reads replaced by one placeholder (runs of them
   * collapsed): alias tokens, form words, memory sizes and the words that mark a size as system
   * memory stay in place, so memory sizes keep their neighbours' meaning.
   */
  private relevantTokens(ordered: string[]): string[] {
    const out: string[] = [];
    for (const t of ordered) {
      const keep = this.aliasTokens.has(t) || FORM_TOKENS.has(t) || /^\d+gb$/.test(t) || VCPU_TOKEN.test(t) || RAM_WORDS.test(t);
      const v = keep ? t : '\u00b7';
      if (v === '\u00b7' && out[out.length - 1] === '\u00b7') continue;
      out.push(v);
    }
    return out;
  }

  /** Model-code tokens of the catalog (with a digit: `h100`, `a6000`, `910b`), for the family fallback. */
  private vocabCache: Set<string> | null = null;
  private get vocab(): Set<string> {
    if (!this.vocabCache) {
      this.vocabCache = new Set();
      for (const a of this.aliases) {
        if (a.user) continue;
        for (const t of a.tokens) if (/\d/.test(t) && !/^\d+gb$/.test(t) && !GENERIC_TOKENS.has(t) && !/^\d+$/.test(t)) this.vocabCache.add(t);
      }
    }
    return this.vocabCache;
  }

  private matchUncached(ordered: string[], hints?: MatchHints): GpuMatch | { ambiguous: string[] } | null {
    const tokens = new Set(ordered);
    if (!tokens.size) return null;
    if (hints?.formText) for (const t of nameTokens(hints.formText)) if (FORM_TOKENS.has(t)) tokens.add(t);
    const saysPcie = tokens.has('pcie');
    const saysSxm = tokens.has('sxm');
    // Memory named in the text (never system RAM), and memory stated elsewhere in the row.
    let mems = gpuMemTokens(ordered);
    const hinted = (hints?.memoryGb ?? []).filter((m) => Number.isFinite(m) && m > 0);
    if (hinted.length) {
      // The catalog sizes a stated memory stands for join the tokens, so `V100` + 16,384 MiB meets `V100 16GB`.
      for (const g of this.gpus.values()) if (hinted.some((m) => Math.abs(m - g.memory_gb) <= Math.max(1, g.memory_gb * MEM_TOLERANCE))) tokens.add(`${Math.round(g.memory_gb)}gb`);
    }
    // A size far above every part the name could be is the machine's memory (`8x A100 … 1800G`).
    // (One pass over the aliases, only when the text names a size: a 100k-row file of distinct part
    // numbers misses the cache on every row, and gpus × aliases per row cost seconds.)
    if (mems.length) {
      let maxMem = -Infinity;
      for (const a of this.aliases) if (a.partTokens.some((t) => tokens.has(t))) maxMem = Math.max(maxMem, this.gpus.get(a.gpu_id)!.memory_gb);
      if (maxMem > -Infinity) mems = mems.filter((m) => m <= maxMem * 2.2);
    }
    const fits = (g: CatalogGpu) => {
      // The row contradicts the part: a PCIe card is not the SXM module of the same name
      // (and vice versa), and a stated memory size must be this part's.
      const ff = g.form_factor.toLowerCase();
      if (saysPcie && !ff.includes('pcie')) return false;
      if (saysSxm && !ff.includes('sxm')) return false;
      if (mems.length && !mems.some((m) => Math.abs(m - g.memory_gb) <= 1)) return false;
      if (hinted.length && !hinted.some((m) => Math.abs(m - g.memory_gb) <= Math.max(1, g.memory_gb * MEM_TOLERANCE))) return false;
      return true;
    };
    const score = (x: PreparedAlias) => (x.user ? 1000 : 0) + x.tokens.length;
    const best = new Map<string, PreparedAlias>();
    for (const a of this.aliases) {
      if (!a.tokens.every((t) => tokens.has(t))) continue;
      if (!a.user && !fits(this.gpus.get(a.gpu_id)!)) continue;
      const prev = best.get(a.gpu_id);
      if (!prev || score(a) > score(prev)) best.set(a.gpu_id, a);
    }
    if (!best.size) return this.familyMatch(tokens, fits);
    const ranked = [...best.values()].sort((x, y) => score(y) - score(x));
    const top = ranked[0];
    const tied = ranked.filter((x) => score(x) === score(top));
    if (tied.length > 1) return { ambiguous: tied.map((x) => x.gpu_id).sort() };
    if (!top.user) {
      // Another part that the same words name as well, and that the row does not rule out
      // (`V100` is the 16 GB and the 32 GB part): report both rather than pick one.
      const siblings = new Set<string>();
      for (const a of this.aliases) {
        if (a.user || a.gpu_id === top.gpu_id || siblings.has(a.gpu_id)) continue;
        if (top.tokens.every((t) => a.tokens.includes(t)) && fits(this.gpus.get(a.gpu_id)!)) siblings.add(a.gpu_id);
      }
      if (siblings.size) return { ambiguous: [top.gpu_id, ...siblings].sort() };
    }
    return { gpu_id: top.gpu_id, alias: top.text, via: top.user ? 'user_alias' : 'catalog', tokens: top.tokens };
  }

  /**
   * No alias is wholly in the row: the parts with an alias that the row names but for its
   * form-factor and memory words (`H100-SXM` → the H100 parts), narrowed by what the row says. One left is a
   * match; several are reported as ambiguous; none is no match.
   */
  private familyMatch(tokens: Set<string>, fits: (g: CatalogGpu) => boolean): GpuMatch | { ambiguous: string[] } | null {
    const keys = [...tokens].filter((t) => this.vocab.has(t));
    if (!keys.length) return null;
    const found = new Map<string, PreparedAlias>();
    for (const a of this.aliases) {
      if (a.user || found.has(a.gpu_id)) continue;
      // Every model code of the row is the alias's, and every word of the alias that names the
      // part (not a form factor, family or memory size) is in the row: `RTX6000` is not `RTX 6000 Ada`.
      if (!keys.every((k) => a.tokens.includes(k))) continue;
      if (!a.tokens.every((t) => tokens.has(t) || GENERIC_TOKENS.has(t) || /^\d+gb$/.test(t))) continue;
      if (fits(this.gpus.get(a.gpu_id)!)) found.set(a.gpu_id, a);
    }
    if (found.size === 1) {
      const [a] = found.values();
      return { gpu_id: a.gpu_id, alias: a.text, via: 'catalog', tokens: a.tokens.filter((t) => keys.includes(t)) };
    }
    if (found.size > 1) return { ambiguous: [...found.keys()].sort() };
    return null;
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
    const long = [...tokens].filter((x) => x.length >= 3);
    // One pass over the aliases (each GPU's best alias), not gpus × aliases.
    const bestOf = new Map<string, number>();
    for (const a of this.aliases) {
      let s = 0;
      for (const t of a.tokens) {
        if (tokens.has(t)) s += 2;
        else if (t.length >= 3 && long.some((x) => x.startsWith(t) || t.startsWith(x))) s += 1;
      }
      const v = s / (a.tokens.length + 1);
      if (v > (bestOf.get(a.gpu_id) ?? 0)) bestOf.set(a.gpu_id, v);
    }
    const scored: { id: string; s: number }[] = [];
    for (const g of this.gpus.values()) { const b = bestOf.get(g.id) ?? 0; if (b > 0) scored.push({ id: g.id, s: b }); }
    return scored.sort((a, b) => b.s - a.s || a.id.localeCompare(b.id)).slice(0, n).map((x) => x.id);
  }
}

// Words that say a row sells an accelerator (used only to tell `unknown_gpu` from `not_a_gpu`).
const GPU_WORDS = /(?<![a-z])(gpus?|tesla|geforce|quadro|rtx\s*-?\s*[a-z]?\d{3,4}\w*|radeon|instinct|accelerators?|npus?|tpus?|ascend|gaudi\d?|hgx|dgx|oam|sxm\d?)(?![a-z])|加速卡|显卡|算力卡|gpu卡|训练卡|推理卡/i;
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
