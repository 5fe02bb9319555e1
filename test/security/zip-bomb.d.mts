// Types for zip-bomb.mjs.
export function xlsxBomb(opts?: { mb?: number; part?: 'sheet' | 'sst' }): Promise<Buffer>;
