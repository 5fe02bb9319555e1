// Loopback web host (`headroom serve`): the same UI and handler table as the desktop app,
// for a browser. Binds 127.0.0.1 only, requires a per-run token, checks Host (DNS
// rebinding) and Origin (cross-site requests), never sends permissive CORS headers.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { invoke } from '../api/handlers.js';
import { toWireError, type WireError } from '../api/errors.js';
import type { AppContext } from '../api/context.js';
import { JobRegistry } from '../api/jobs.js';
import { CSP } from './csp.js';
import { BINARY_METHODS } from '../shared/binary-call.js';

export interface ServeOptions {
  ctx: Omit<AppContext, 'progress' | 'signal'>;
  staticDir: string;
  port?: number;
  token?: string;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
  '.wasm': 'application/wasm',
};

const STATUS: Record<WireError['code'], number> = {
  bad_request: 400, not_found: 404, conflict: 409, unreadable: 422, infeasible: 422, cancelled: 409, forbidden: 403, internal: 500,
  disk_full: 507, read_only: 409, permission_denied: 403,
};

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('hex');
  const maxBody = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  const staticRoot = path.resolve(opts.staticDir);
  // One registry for this host: the page's tagged calls and the API's background jobs alike.
  const jobs = opts.ctx.jobs ?? new JobRegistry();
  let port = 0;

  const send = (res: http.ServerResponse, status: number, body: string | Buffer, type = 'application/json; charset=utf-8', extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      ...extra,
    });
    res.end(body);
  };
  // One machine code per status (issue 17: 404/405/413/415 all said bad_request).
  const fail = (res: http.ServerResponse, status: number, message: string, extra: Record<string, string> = {}) =>
    send(res, status, JSON.stringify({ error: { code: HOST_CODES[status] ?? 'bad_request', message } }), undefined, extra);

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const tokenOf = (req: http.IncomingMessage, url: URL): string | null => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && auth.slice(7).trim()) return auth.slice(7).trim();
    // The URL's token only counts on a page GET, where it is exchanged for the cookie (below).
    const q = url.searchParams.get('token');
    if (q && !url.pathname.startsWith('/api/') && (req.method === 'GET' || req.method === 'HEAD')) return q;
    const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith('headroom_token='));
    return cookie ? decodeURIComponent(cookie.slice('headroom_token='.length)) : null;
  };

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, setCookie: boolean) => {
    let rel: string;
    try { rel = decodeURIComponent(url.pathname); } catch { return fail(res, 400, 'bad path'); }
    if (rel.includes('\0') || rel.split(/[\\/]/).includes('..')) return fail(res, 400, 'bad path');
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(staticRoot, '.' + rel);
    if (!file.startsWith(staticRoot + path.sep)) return fail(res, 400, 'bad path');
    let stat: fs.Stats;
    try { stat = fs.statSync(file); } catch { return fail(res, 404, 'not found'); }
    if (!stat.isFile()) return fail(res, 404, 'not found');
    const ext = path.extname(file).toLowerCase();
    const extra: Record<string, string> = {};
    if (ext === '.html') {
      extra['Content-Security-Policy'] = CSP;
      // The page's assets are fetched without the query string: a SameSite=Strict,
      // HttpOnly cookie carries the token for them.
      if (setCookie) extra['Set-Cookie'] = `headroom_token=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
    }
    send(res, 200, fs.readFileSync(file), TYPES[ext] ?? 'application/octet-stream', extra);
  };

  // Bytes are counted while reading (a chunked body has no Content-Length). Over the cap the rest
  // is read and dropped, so the client gets its 413 instead of a TCP reset (issue 17); a body
  // that goes on far past the cap is cut off.
  const readBody = (req: http.IncomingMessage): Promise<Buffer> => new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > maxBody;
    if (over) reject(new BodyTooLarge());
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) { if (size > 4 * maxBody + 1024 * 1024) req.destroy(); return; }
      if (size > maxBody) { over = true; chunks.length = 0; reject(new BodyTooLarge()); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

  const server = http.createServer(async (req, res) => {
    try {
      const host = req.headers.host ?? '';
      if (!allowedHosts().has(host)) return fail(res, 403, 'forbidden host');
      const origin = req.headers.origin;
      if (origin !== undefined && !(origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`)) {
        return fail(res, 403, 'cross-origin request refused');
      }
      const url = new URL(req.url ?? '/', `http://${host}`);
      const given = tokenOf(req, url);
      if (!given || !safeEqual(given, token)) return fail(res, 401, 'missing or wrong token');

      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
        if (url.searchParams.has('token')) {
          // The token leaves the URL at once (issue 17): exchanged for an HttpOnly SameSite=Strict
          // cookie and a redirect to the same page without it, so it stays out of the address bar
          // and history (the page also strips it with history.replaceState).
          url.searchParams.delete('token');
          res.writeHead(303, {
            Location: url.pathname + url.search, 'Set-Cookie': `headroom_token=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`,
            'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'Content-Length': 0, 'X-Content-Type-Options': 'nosniff',
          });
          return res.end();
        }
        return serveStatic(req, res, url, false);
      }
      const name = url.pathname.slice('/api/'.length);
      const jobId = url.searchParams.get('job');
      if (name === '_progress' && jobId) {
        const p = jobs.progress(jobId);
        return send(res, 200, JSON.stringify(p.running ? p : { running: false }));
      }
      if (req.method !== 'POST') return fail(res, 405, 'use POST for api calls', { Allow: 'POST' });
      const type = req.headers['content-type'] ?? '';
      // A file's raw bytes (issue 18: no base64 in JSON) only to the methods that take one; the
      // type is not a "simple" one, so a cross-site page cannot send it without a preflight we never allow.
      const binary = type.startsWith('application/octet-stream');
      if (binary && !BINARY_METHODS.has(name)) return fail(res, 415, `content-type must be application/json (application/octet-stream only for ${[...BINARY_METHODS].join(', ')})`);
      if (!binary && !type.startsWith('application/json')) return fail(res, 415, 'content-type must be application/json');
      if (name === '_cancel' && jobId) {
        const known = jobs.has(jobId);
        jobs.cancel(jobId);
        return send(res, 200, JSON.stringify({ cancelled: known }));
      }
      let body: unknown;
      try {
        const raw = await readBody(req);
        body = binary ? splitBinary(raw) : raw.toString('utf8').trim() === '' ? {} : JSON.parse(raw.toString('utf8'));
      } catch (e) {
        if (e instanceof BodyTooLarge) return fail(res, 413, `request body over ${maxBody} bytes`, { Connection: 'close' });
        return fail(res, 400, binary ? 'body is not one line of JSON input, a newline, then the file\'s bytes' : 'body is not valid JSON');
      }
      try {
        const result = await jobs.track(jobId, (h) => invoke({ ...opts.ctx, jobs, fromRenderer: true, signal: h.signal, progress: h.progress }, name, body));
        send(res, 200, JSON.stringify({ result }));
      } catch (e) {
        const w = toWireError(e);
        if (w.code === 'internal') opts.log?.(`api ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
        send(res, STATUS[w.code], JSON.stringify({ error: w }));
      }
    } catch (e) {
      opts.log?.(`request failed: ${String(e)}`);
      if (!res.headersSent) fail(res, 500, 'internal error');
    }
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 10 * 60_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

class BodyTooLarge extends Error {}

/**
 * An `application/octet-stream` call (see shared/binary-call.ts): the input as one line of JSON
 * (an object, without `data_bytes`), a newline, then the file's bytes, which become `data_bytes`
 * (a view, no copy). JSON.stringify never writes a raw newline, so the first one ends the input.
 */
export function splitBinary(raw: Buffer): Record<string, unknown> {
  const nl = raw.indexOf(0x0a);
  if (nl < 0) throw new Error('no newline');
  const input: unknown = JSON.parse(raw.subarray(0, nl).toString('utf8'));
  if (typeof input !== 'object' || input === null || Array.isArray(input) || 'data_bytes' in input) throw new Error('not an input object');
  return { ...input, data_bytes: new Uint8Array(raw.buffer, raw.byteOffset + nl + 1, raw.length - nl - 1) };
}

/** The machine code of each status the host itself answers with (API errors carry their own). */
export const HOST_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  413: 'payload_too_large', 415: 'unsupported_media_type', 500: 'internal',
};
