import { gzipSync } from 'node:zlib';
import { ExtractionError } from '../errors';
import { MAX_PAGE_BYTES, decodePage } from './decode-page';
import { CorruptCompressionError, PageTooLargeError } from './errors';

const text = 'Grüße aus Köln – 5 €';
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

describe('decodePage', () => {
  test.each([
    ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['UTF-16LE BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16BE BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
  ])('%s decides the encoding and is stripped', (_name, bytes) => {
    expect(decodePage(bytes, 'text/html; charset=windows-1252')).toBe(text);
  });

  test.each([
    ['header beats meta', 'text/html; charset=ISO-8859-1', '<meta charset="utf-8">', 'latin1', 'ä'],
    ['quoted header charset', 'text/html; charset="windows-1252"', '', 'latin1', 'ä'],
    ['meta charset when no header', null, '<meta charset="iso-8859-1">', 'latin1', 'ä'],
    ['http-equiv meta', 'text/html', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', 'latin1', 'ä'],
    ['unknown header label falls through to meta', 'text/html; charset=bogus', '<meta charset=utf-8>', 'utf8', 'ä'],
    ['meta claiming UTF-16 is read as UTF-8', null, '<meta charset="utf-16">', 'utf8', 'ä'],
    ['windows-1252 specials', 'text/html; charset=windows-1252', '', 'win1252', '€'],
    ['header wrongly claims UTF-8 for latin-1 bytes', 'text/html; charset=utf-8', '', 'latin1', 'Grüße'],
    ['meta wrongly claims UTF-8 for latin-1 bytes', null, '<meta charset="utf-8">', 'latin1', 'Grüße'],
    ['header wrongly claims ISO-8859-1 for UTF-8 bytes', 'text/html; charset=ISO-8859-1', '', 'utf8', 'Grüße'],
    ['header wrongly claims windows-1252 for UTF-8 bytes', 'text/html; charset=windows-1252', '', 'utf8', '„Zitat“ – 5 €'],
    ['meta wrongly claims GB2312 for UTF-8 bytes', null, '<meta charset="gb2312">', 'utf8', '新闻 – 北京'],
  ])('%s', (_name, contentType, meta, bytesAs, expected) => {
    const page = `<html><head>${meta}</head><body>${expected}</body></html>`;
    const bytes = bytesAs === 'utf8' ? Buffer.from(page) : bytesAs === 'latin1' ? latin1(page) : latin1(page.replace('€', '\x80'));
    expect(decodePage(bytes, contentType)).toBe(page);
  });

  test('a meta beyond the first 4 KB is ignored', () => {
    const page = `<html>${' '.repeat(5000)}<meta charset="utf-16"><body>ä</body></html>`;
    expect(decodePage(Buffer.from(page))).toBe(page);
  });

  test('undeclared UTF-8 is read as UTF-8', () => {
    expect(decodePage(Buffer.from(`<p>${text}</p>`))).toBe(`<p>${text}</p>`);
  });

  test('undeclared latin-1 page falls back to windows-1252', () => {
    const page = '<p>Straße, Übermut \x96 20\x80 \x84so\x93</p>';
    expect(decodePage(latin1(page))).toBe('<p>Straße, Übermut – 20€ „so“</p>');
  });

  test('a multi-byte charset is kept when its bytes are not UTF-8', () => {
    const page = '<meta charset="gb2312"><p>北京</p>';
    expect(decodePage(Buffer.concat([Buffer.from('<meta charset="gb2312"><p>'), Buffer.from([0xb1, 0xb1, 0xbe, 0xa9]), Buffer.from('</p>')]))).toBe(page);
  });

  test('gzip is inflated before sniffing', () => {
    const page = '<meta charset="iso-8859-1"><p>Öl</p>';
    expect(decodePage(gzipSync(latin1(page)), undefined)).toBe(page);
  });

  test('a page of exactly the limit is accepted', () => {
    expect(decodePage(gzipSync(Buffer.alloc(MAX_PAGE_BYTES, 0x61))).length).toBe(MAX_PAGE_BYTES);
  });

  test.each([
    ['gzip bomb', gzipSync(Buffer.alloc(MAX_PAGE_BYTES + 1, 0x20))],
    ['plain page over the limit', Buffer.alloc(MAX_PAGE_BYTES + 1, 0x20)],
  ])('%s is refused with a typed error', (_name, bytes) => {
    expect(() => decodePage(bytes)).toThrow(PageTooLargeError);
    expect(() => decodePage(bytes)).toThrow(ExtractionError);
  });

  test('broken gzip is a typed error', () => {
    expect(() => decodePage(Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3]))).toThrow(CorruptCompressionError);
  });

  test('empty input decodes to the empty string', () => {
    expect(decodePage(new Uint8Array(0))).toBe('');
  });
});
