import type { ExtractRules, Extraction } from '@liveblog/contracts';
import { detectFormat } from '../detect';
import { extract } from '../extract';
import type { Page } from '../page';
import { extractByRules } from './extract-by-rules';

/** How a page was read: by its source's rules, generically for want of rules, or generically because they matched nothing. */
export type ReadBy = 'rules' | 'generic' | 'generic-fallback';

/**
 * A page read by its source's rules when it has some, else generically. Rules win; a page where the
 * rules' `entry` selector matches nothing (or that is not HTML) is read generically, and says so.
 */
export function extractWithRules(page: Page, rules: ExtractRules | null | undefined): { extraction: Extraction; readBy: ReadBy } {
  if (!rules) return { extraction: extract(page), readBy: 'generic' };
  const byRules = detectFormat(page) === 'html' ? extractByRules(page, rules) : null;
  return byRules ? { extraction: byRules, readBy: 'rules' } : { extraction: extract(page), readBy: 'generic-fallback' };
}
