// A call that carries a file's raw bytes (issue 18: a 9 MB price list took seconds as base64 in
// JSON). Over the web host the body is `application/octet-stream`: the input as one line of JSON,
// a newline, then the bytes (web/server.ts splitBinary reads it); over Electron IPC the bytes
// travel as they are (structured clone). Shared by the host and the renderer.

/** The methods that take a file's bytes (`data_bytes`) as an `application/octet-stream` body. */
export const BINARY_METHODS = new Set(['prices.preview', 'prices.import']);

/** The body the web host's splitBinary reads: the input (without data_bytes) as JSON, a newline, the bytes. */
export function joinBinary(input: Record<string, unknown>, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode(JSON.stringify(input) + '\n');
  const out = new Uint8Array(head.length + bytes.byteLength);
  out.set(head, 0);
  out.set(bytes, head.length);
  return out;
}
