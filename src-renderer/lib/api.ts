// The renderer's only way to the engine and the database: the typed handler table,
// over Electron IPC (window.headroom from the preload) or the loopback web host.
import { CALLED } from './refresh.svelte';
import type { Api, ApiInput, ApiOutput, MethodName } from '../../src-main/api/handlers';
import { t } from './i18n.svelte';
import { BINARY_METHODS, joinBinary } from '../../src-main/shared/binary-call';

export interface CallOptions {
  onProgress?: (done: number, total: number, label?: string) => void;
  signal?: AbortSignal;
}

export class ApiCallError extends Error {
  constructor(public code: string, message: string, public field?: string, public detail?: unknown) {
    super(message);
  }
}

interface Bridge {
  call: (method: string, input: unknown, jobId?: string) => Promise<{ result?: unknown; error?: { code: string; message: string; field?: string; detail?: unknown } }>;
  progress: (jobId: string) => Promise<{ done: number; total: number; label?: string; running: boolean }>;
  cancel: (jobId: string) => Promise<unknown>;
}

declare global {
  interface Window { headroom?: Bridge }
}

function token(): string {
  // The web host swaps the URL's token for an HttpOnly cookie (it also rides along below while the
  // page still has it); strip it from the address bar and history either way (issue 17).
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('headroom_token', fromUrl);
    params.delete('token');
    const q = params.toString();
    history.replaceState(history.state, '', location.pathname + (q ? `?${q}` : '') + location.hash);
  }
  return fromUrl ?? sessionStorage.getItem('headroom_token') ?? '';
}

/** The bearer header while this tab still holds the token; otherwise the host's cookie authenticates. */
const auth = (): Record<string, string> => { const t = token(); return t ? { Authorization: `Bearer ${t}` } : {}; };

const httpBridge: Bridge = {
  async call(method, input, jobId) {
    // A file's bytes go as they are (issue 18: base64 in JSON cost seconds on a 100k-row file).
    const { data_bytes: bytes, ...rest } = (input ?? {}) as { data_bytes?: unknown };
    const binary = bytes instanceof Uint8Array && BINARY_METHODS.has(method);
    const res = await fetch(`/api/${method}${jobId ? `?job=${encodeURIComponent(jobId)}` : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': binary ? 'application/octet-stream' : 'application/json', ...auth() },
      body: binary ? joinBinary(rest, bytes) : JSON.stringify(input ?? {}),
    });
    const body = await res.json().catch(() => ({ error: { code: 'internal', message: `HTTP ${res.status}` } }));
    return body;
  },
  async progress(jobId) {
    const res = await fetch(`/api/_progress?job=${encodeURIComponent(jobId)}`, { headers: auth() });
    return res.json();
  },
  async cancel(jobId) {
    return fetch(`/api/_cancel?job=${encodeURIComponent(jobId)}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...auth() }, body: '{}',
    });
  },
};

const bridge = (): Bridge => window.headroom ?? httpBridge;
let jobSeq = 0;
const STORAGE_CODES = new Set(['disk_full', 'read_only', 'permission_denied']);

export async function call<M extends MethodName>(method: M, input: ApiInput<M>, opts: CallOptions = {}): Promise<ApiOutput<M>> {
  const b = bridge();
  const jobId = opts.onProgress || opts.signal ? `job-${Date.now()}-${++jobSeq}` : undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (jobId && opts.onProgress) {
    timer = setInterval(async () => {
      const p = await b.progress(jobId).catch(() => null);
      if (p?.running) opts.onProgress!(p.done, p.total, p.label);
    }, 200);
  }
  const onAbort = () => { if (jobId) void b.cancel(jobId); };
  opts.signal?.addEventListener('abort', onAbort);
  try {
    const r = await b.call(method, input, jobId);
    if (r.error) {
      // A full disk, a read-only database, a refused permission: said in the UI's language, never as corruption.
      const message = STORAGE_CODES.has(r.error.code) ? t(`storage.${r.error.code}`) : r.error.message;
      throw new ApiCallError(r.error.code, message, r.error.field, r.error.detail);
    }
    // Views that summarise the database (the undo tooltip) re-read after any call, so they are never stale.
    if (method !== 'undo.status' && typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(CALLED, { detail: method }));
    return r.result as ApiOutput<M>;
  } finally {
    if (timer) clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** `api.inventory.list(...)`-free shape: api['inventory.list'](input). */
export const api = new Proxy({} as Api, {
  get: (_t, name: string) => (input: unknown) => call(name as MethodName, input as never),
});
