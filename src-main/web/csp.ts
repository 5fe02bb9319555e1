// One Content-Security-Policy for the web host and the Electron window: no eval, no inline
// scripts, no remote origins. Inline style attributes are allowed because chart.js and
// Svelte set element styles; scripts stay locked down.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
