// Pins how price-list cells are read: money (separators, 万, symbols, tax notes), dates, lead times, counts, GPU names.
import { describe, it, expect } from 'vitest';
import { canonicalNumber, parseMoney, moneyFromNumber, parseDate, parseLeadTime, parseCount, excelSerialToDate, currencyIn } from '../../src-main/io/import/values.js';
import { GpuMatcher, nameTokens, looksLikeGpu } from '../../src-main/io/import/gpu-match.js';
import { classifyHeader } from '../../src-main/io/import/mapping.js';
import { gpuCountInText } from '../../src-main/io/import/preview.js';
import { detectDelimiter, parseDelimited, decodeText } from '../../src-main/io/import/read.js';
import iconv from 'iconv-lite';
import { shippedCatalog } from './helpers.js';

const ok = (v: string, currency: string | null = null) => ({ ok: true, value: v, currency });

describe('money', () => {
  it.each([
    ['$27,450.00', '27450', 'USD'], ['￥1,080,000.00', '1080000', 'CNY'], ['10.8万', '108000', 'CNY'], ['1150000元', '1150000', 'CNY'],
    ['18.800,00 €', '18800', 'EUR'], ['EUR 11.200,00', '11200', 'EUR'], ['1.980,50 €', '1980.5', 'EUR'], ['450,00 €', '450', 'EUR'],
    ['１２，３４５．６７', '12345.67', null], ['RMB 2,000', '2000', 'CNY'], ['usd 3.5', '3.5', 'USD'], ['1 234 567,5', '1234567.5', null],
    ['$1.04', '1.04', 'USD'], ['9.84', '9.84', null], ['0.0000012', '0.0000012', null], ['1,150', '1150', null],
  ])('%s → %s %s', (text, value, currency) => {
    expect(parseMoney(text)).toMatchObject(ok(value, currency));
  });
  it('decimal-comma files read 1.980 as thousands and 1,980 as a decimal', () => {
    expect(parseMoney('1.980', { decimalComma: true })).toMatchObject(ok('1980'));
    expect(parseMoney('1,980', { decimalComma: true })).toMatchObject(ok('1.98'));
    expect(parseMoney('1,980')).toMatchObject(ok('1980'));
  });
  it('a 万元 header multiplies plain numbers, not cells that say 元', () => {
    expect(parseMoney('12', { wanHeader: true })).toMatchObject(ok('120000', 'CNY'));
    expect(parseMoney('120000元', { wanHeader: true })).toMatchObject(ok('120000', 'CNY'));
  });
  it('keeps the tax flag and does not change the number', () => {
    expect(parseMoney('￥26,500.00 (含税)')).toMatchObject({ ok: true, value: '26500', tax: true });
    expect(parseMoney('26500 不含税')).toMatchObject({ ok: true, value: '26500', tax: false });
    expect(parseMoney('$100 excl. VAT')).toMatchObject({ ok: true, value: '100', tax: false });
  });
  it.each([
    ['', 'no_price'], ['面议', 'no_price'], ['询价', 'no_price'], ['TBD', 'no_price'], ['POA', 'no_price'], ['Contact sales', 'no_price'],
    ['N/A', 'no_price'], ['call', 'no_price'], ['—', 'no_price'], ['0', 'no_price'],
    ['abc', 'not_a_number'], ['12..5', 'not_a_number'], ['1,2,3', 'not_a_number'], ['about 100', 'not_a_number'],
    ['-5', 'negative_price'], ['(1.234,50)', 'negative_price'], ['-$12', 'negative_price'],
    ['100 XYZ', 'unknown_currency'], ['$100 €', 'unknown_currency'],
  ])('%s is rejected as %s', (text, reason) => {
    expect(parseMoney(text)).toEqual({ ok: false, reason });
  });
  it('numeric XLSX cells give their shortest round-trip decimal and the format currency', () => {
    expect(moneyFromNumber(23.92, '"$"#,##0.00')).toMatchObject(ok('23.92', 'USD'));
    expect(moneyFromNumber(0.1 + 0.2)).toMatchObject(ok('0.30000000000000004'));
    expect(moneyFromNumber(1e21)).toMatchObject(ok('1000000000000000000000'));
    expect(moneyFromNumber(-1)).toEqual({ ok: false, reason: 'negative_price' });
  });
  it('canonical numbers', () => {
    expect(canonicalNumber('1,234,567.891')).toBe('1234567.891');
    expect(canonicalNumber('1.234.567,891')).toBe('1234567.891');
    expect(canonicalNumber('12,34,567')).toBeNull();
    expect(canonicalNumber('.5')).toBe('0.5');
  });
  it('currency words in titles are only capital codes', () => {
    expect(currencyIn('Try our prices', true)).toBeNull();
    expect(currencyIn('All prices in USD', true)).toBe('USD');
    expect(currencyIn('币种：人民币', true)).toBe('CNY');
  });
});

describe('dates, lead times, counts', () => {
  it.each([
    ['2025-03-10', '2025-03-10'], ['10-Mar-2025', '2025-03-10'], ['01.04.2025', '2025-04-01'], ['2025/03/15', '2025-03-15'],
    ['2025年3月1日', '2025-03-01'], ['2025年3月1日起', '2025-03-01'], ['01 Apr 2025', '2025-04-01'], ['March 5, 2025', '2025-03-05'],
    ['2024-02-29', '2024-02-29'], ['2025-03-10 00:00:00', '2025-03-10'], ['', null], ['即日起', null],
    ['2025-02-30', 'bad'], ['31.04.2025', 'bad'], ['2025-13-01', 'bad'], ['2023-02-29', 'bad'], ['soon', 'bad'], ['2025年2月30日', 'bad'],
  ])('%s → %s', (text, want) => {
    expect(parseDate(text)).toBe(want);
  });
  it('Excel serials', () => {
    expect(excelSerialToDate(45748)).toBe('2025-04-01');
    expect(excelSerialToDate(45839)).toBe('2025-07-01');
    expect(excelSerialToDate(44286, true)).toBe('2025-04-01');
  });
  it.each([
    ['8-10周', 10], ['12-16 weeks', 16], ['6 weeks', 6], ['1 week', 1], ['30天', 5], ['现货', 0], ['Stock', 0], ['in stock', 0],
    ['TBD', null], ['', null], ['4周', 4], ['2 months', 9], ['10 wks', 10], ['14 days', 2],
  ])('lead time %s → %s', (text, want) => {
    expect(parseLeadTime(text as string)).toBe(want);
  });
  it('counts', () => {
    expect(parseCount('16')).toEqual({ ok: true, value: 16 });
    expect(parseCount('1,000')).toEqual({ ok: true, value: 1000 });
    expect(parseCount('8台')).toEqual({ ok: true, value: 8 });
    expect(parseCount('0')).toEqual({ ok: false, zero: true });
    expect(parseCount('1.5')).toEqual({ ok: false, zero: false });
    expect(parseCount('-2')).toEqual({ ok: false, zero: false });
    expect(parseCount('')).toBeNull();
  });
});

describe('GPU names', () => {
  const m = new GpuMatcher(shippedCatalog());
  const id = (t: string) => { const r = m.match(t); return r && 'gpu_id' in r ? r.gpu_id : r; };
  it.each([
    ['A800 80G SXM4', 'a800-sxm-80gb'], ['NVIDIA HGX H100 8-GPU 80GB SXM5', 'h100-sxm'], ['H100-SXM5-80G', 'h100-sxm'],
    ['NVIDIA H100 PCIe 80GB', 'h100-pcie'], ['NVIDIA HGX H200 8-GPU 141GB (SXM)', 'h200-sxm'], ['NVIDIA B200 180GB', 'b200'],
    ['A100 80GB SXM4', 'a100-sxm-80gb'], ['英伟达 H20 96GB', 'h20'], ['昇腾910B', 'ascend-910b'], ['Atlas 800T A2 (8×910B)', 'ascend-910b'],
    ['L40S 48GB PCIe', 'l40s'], ['英伟达 L20 48GB PCIe', 'l20'], ['NVIDIA L4 24GB', 'l4'], ['GeForce RTX 4090 24GB', 'rtx-4090'],
    ['MI300X OAM 192GB', 'mi300x'], ['Intel Gaudi 3 128GB', 'gaudi3'], ['华为昇腾910B', 'ascend-910b'], ['h100 sxm5 80gb', 'h100-sxm'],
  ])('%s → %s', (text, want) => {
    expect(id(text)).toBe(want);
  });
  it('a contradicting form factor or memory size is not a match (no silent fuzzy match)', () => {
    expect(id('Tesla V100S 32GB PCIe (refurbished)')).toBeNull();
    expect(id('H100 PCIe 40GB')).toBeNull();
    expect(id('L40 96GB')).toBeNull();
    expect(id('A30 24GB')).toBeNull();
    expect(m.suggest('Tesla V100S 32GB PCIe')).toContain('v100-32gb');
  });
  it('a user-confirmed alias wins', () => {
    const u = new GpuMatcher(shippedCatalog([{ alias: 'Tesla V100S 32GB PCIe', gpu_id: 'v100-32gb' }]));
    expect(u.match('NCS-GPU-V100S Tesla V100S 32GB PCIe (refurbished)')).toMatchObject({ gpu_id: 'v100-32gb', via: 'user_alias' });
  });
  it('tokens and GPU-ness', () => {
    expect(nameTokens('Intel Gaudi 3 128G')).toEqual(['gaudi3', '128gb']);
    expect(looksLikeGpu('InfiniBand NDR cable, 400Gb/s OSFP, 3 m')).toBe(false);
    expect(looksLikeGpu('400G InfiniBand 交换机 64口 NDR 交换机，含导轨')).toBe(false);
    expect(looksLikeGpu('Remote hands & 24/7 support per server')).toBe(false);
    expect(looksLikeGpu('Tesla V100S 32GB PCIe')).toBe(true);
    expect(looksLikeGpu('Biren BR104 加速卡')).toBe(true);
  });
  it('GPUs per unit from text, ignoring CPU/NIC counts', () => {
    expect(gpuCountInText('NVIDIA HGX H100 8-GPU 80GB SXM5 server, 2x 56-core CPU, 8x NDR 400G NIC', ['hgx', 'h100'], 80)).toBe(8);
    expect(gpuCountInText('H20 8卡服务器', ['h20'], 96)).toBe(8);
    expect(gpuCountInText('英伟达 H20 96GB ×8，2×至强处理器', ['h20', '96gb'], 96)).toBe(8);
    expect(gpuCountInText('Atlas 800T A2 (8×910B)', m.gpuTokens('ascend-910b'), 64)).toBe(8);
    expect(gpuCountInText('2x 56-core CPU, 8x NDR', ['h100'], 80)).toBeNull();
    expect(gpuCountInText('H20 96GB 单卡（OAM 模组）', ['h20', '96gb'], 96)).toBe(1);
  });
});

describe('headers and text files', () => {
  it.each([
    ['Part Number', 'model'], ['型号', 'model'], ['Description', 'description'], ['描述', 'description'], ['Qty', 'qty'], ['数量', 'qty'],
    ['Unit Price (USD)', 'unit_price'], ['单价(含税)', 'unit_price'], ['Extended Price (USD)', 'extended'], ['币种', 'currency'],
    ['Lead Time', 'lead_time'], ['交货期', 'lead_time'], ['Valid from', 'valid_from'], ['有效期', 'valid_from'], ['MOQ', 'min_qty'],
    ['起订量', 'min_qty'], ['Min. instances', 'min_qty'], ['备注', 'notes'], ['GPUs per unit', 'gpus'], ['Min. term (months)', 'term'],
    ['Effective hourly rate (USD)', 'unit_price'], ['On-demand price (USD) per GPU-hour', 'price_per_gpu'], ['Valid until', 'ignore'],
  ])('%s → %s', (h, f) => {
    expect(classifyHeader(h)).toBe(f);
  });
  it('delimiters and quoted line breaks', () => {
    expect(detectDelimiter('a;b;c\n1,5;2,5;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('a,b\n"x;y",2\n')).toBe(',');
    expect(parseDelimited('a,"b\nc",d\r\n\r\ne,f', ',')).toEqual([['a', 'b\nc', 'd'], [''], ['e', 'f']]);
    expect(parseDelimited('=1+1,"say ""hi"""', ',')).toEqual([['=1+1', 'say "hi"']]);
  });
  it('encodings: UTF-8 BOM, UTF-16 with BOM, GBK; undecodable bytes refused', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])).text).toBe('a');
    expect(decodeText(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('型号,单价', 'utf16le')]))).text).toBe('型号,单价');
    expect(decodeText(new Uint8Array(iconv.encode('型号,单价', 'gbk')))).toEqual({ text: '型号,单价', encoding: 'gb18030' });
    expect(() => decodeText(new Uint8Array([0x81, 0x20, 0xff, 0xff]))).toThrow(/encoding/);
  });
});
