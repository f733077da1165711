import type { Page } from './page';

export type Format = 'textdump' | 'html' | 'json' | 'binary';

/** Enough of a page to judge its bytes; sniffing never needs to read a 20 MB body in full. */
const SNIFF_CHARS = 65_536;
/** Share of control characters above which text is binary data decoded as if it were text. */
const MAX_CONTROL_SHARE = 0.02;

function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function looksBinary(head: string): boolean {
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    // Tab, line feed, form feed and carriage return occur in text; U+FFFD marks bytes that failed to decode.
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0x7f || c === 0xfffd) control++;
  }
  return control > head.length * MAX_CONTROL_SHARE;
}

/** Which parser a page needs. The declared content type wins for markup; otherwise the body decides. */
export function detectFormat(page: Pick<Page, 'body' | 'contentType'>): Format {
  const head = page.body.slice(0, SNIFF_CHARS);
  if (looksBinary(head)) return 'binary';
  const type = mediaType(page.contentType);
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'application/json' || type === 'application/ld+json') return 'json';
  const start = head.trimStart();
  if (/^<[!?a-z]/i.test(start) || /<(?:html|body|head)[\s>]/i.test(head)) return 'html';
  if (start.startsWith('{')) return 'json';
  return 'textdump';
}
