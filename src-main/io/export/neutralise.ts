// Formula-injection ("CSV injection") defence, the OWASP way
// (https://owasp.org/www-community/attacks/CSV_Injection): text that came from an import
// or a user and starts with = + - @ TAB or CR is prefixed with a single quote, so Excel,
// WPS and LibreOffice show it as text instead of evaluating it. Numbers are never passed
// through here: they are written as numbers (a negative amount stays a number).

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** True when a spreadsheet would treat this text as the start of a formula. */
export function isDangerous(text: string): boolean {
  return text.length > 0 && TRIGGERS.has(text[0]);
}

/** The text as it must be written to a cell: dangerous text gets a leading `'`. */
export function neutralise(text: string): string {
  return isDangerous(text) ? `'${text}` : text;
}
