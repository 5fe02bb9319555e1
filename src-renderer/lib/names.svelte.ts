// Names, not ids: GPU ids (l20, a100-sxm-80gb), server types (hgx_8gpu) and cluster numbers
// (cluster 7) as the product and site names the user knows. The GPU catalogue and the clusters are
// loaded once per app start (and again after an import or an inventory edit calls names.load()).
import { api } from './api';
import { t, hasKey } from './i18n.svelte';

class Names {
  gpus = $state.raw<Map<string, string>>(new Map());
  clusters = $state.raw<Map<number, { site: string; gpu_id: string }>>(new Map());
  /** Model ids (llama-3.1-70b) → product names (Llama 3.1 70B), from models.csv; read once (the model catalogue is not edited). */
  models = $state.raw<Map<string, string>>(new Map());
  #loading: Promise<void> | null = null;
  #models: Promise<void> | null = null;

  ensureModels(): void {
    this.#models ??= (async () => {
      try { this.models = new Map((await api['catalog.models']({})).map((m) => [m.id, m.name])); } catch { this.#models = null; }
    })();
  }

  load(): Promise<void> {
    this.#loading = (async () => {
      try {
        const [gpus, clusters] = await Promise.all([api['catalog.gpus']({}), api['inventory.list']({})]);
        this.gpus = new Map(gpus.map((g) => [g.id, g.name]));
        this.clusters = new Map(clusters.map((c) => [c.id, { site: c.site, gpu_id: c.gpu_id }]));
      } catch { this.#loading = null; /* names stay ids until the next call retries; the page shows its own error */ }
    })();
    return this.#loading;
  }
  ensure(): void { if (!this.#loading) void this.load(); }
  /** Settles once the catalogue has loaded (or failed): for labels frozen into a string, like a plan's what-ifs. */
  ready(): Promise<void> { this.ensure(); return this.#loading ?? Promise.resolve(); }
}
export const names = new Names();

/** "l20" → "NVIDIA L20 48GB" (the id itself while the catalogue loads or for an unknown part). */
export function gpuLabel(id: string | null | undefined): string {
  names.ensure();
  return id == null ? '' : names.gpus.get(id) ?? id;
}

/** "llama-3.1-70b" → "Llama 3.1 70B" (the id itself while the catalogue loads or for a model it lacks). */
export function modelLabel(id: string | null | undefined): string {
  names.ensureModels();
  return id == null ? '' : names.models.get(id) ?? id;
}

/** Cluster 7 → "Ulanqab · NVIDIA H800 SXM5 80GB". */
export function clusterLabel(id: number): string {
  names.ensure();
  const c = names.clusters.get(id);
  return c ? `${c.site} · ${gpuLabel(c.gpu_id)}` : t('names.cluster', { id });
}

/** Server type ids (hgx_8gpu) in words. */
export const serverTypeLabel = (k: string): string => (hasKey(`names.server.${k}`) ? t(`names.server.${k}`) : k);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** GPU and model ids inside an engine sentence replaced by their names (longest id first, whole tokens only). */
export function withNames(text: string): string {
  names.ensure();
  names.ensureModels();
  if ((!names.gpus.size && !names.models.size) || !text) return text;
  const all = new Map([...names.models, ...names.gpus]);
  const ids = [...all.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![\\w.-])(${ids.map(escape).join('|')})(?![\\w-]|\\.\\w)`, 'g');
  return text.replace(re, (id) => all.get(id) ?? id);
}

/** A serving engine id ('trt-llm', 'mindie') in words, in the page's language (the Scenarios page's names). */
export function engineLabel(id: string | null | undefined): string {
  if (!id) return '';
  return hasKey('sc.engine.' + id) ? t('sc.engine.' + id) : id;
}
