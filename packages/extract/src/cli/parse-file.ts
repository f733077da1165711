import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ExtractRules, type Extraction } from '@liveblog/contracts';
import { z } from 'zod';
import { decodePage } from '../decode/decode-page';
import { explainReading, extract } from '../extract';
import type { ReadingChoice } from '../html/readings';
import { extractWithRules, type ReadBy } from '../rules/extract-with-rules';

/** Reads one page from disk the way the parser service reads a snapshot: bytes, then decodePage. */
export function parseFile(file: string, url: string | null): Extraction {
  const body = decodePage(readFileSync(file));
  return extract({ body, url: url ?? pathToFileURL(file).href });
}

/** How one page's entries were chosen among its readings; null for a text dump. */
export function explainFile(file: string, url: string | null): ReadingChoice | null {
  return explainReading({ body: decodePage(readFileSync(file)), url: url ?? pathToFileURL(file).href });
}

/** A rules file that cannot be used; its message names the file and the field at fault. */
export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';
}

/** One page read by the rules in `rulesFile`, as the parser reads a source that has them. */
export function parseFileWithRules(file: string, url: string | null, rulesFile: string): { extraction: Extraction; readBy: ReadBy } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(rulesFile, 'utf8'));
  } catch (err) {
    throw new RulesFileError(`cannot read rules ${rulesFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rules = ExtractRules.safeParse(raw);
  if (!rules.success) throw new RulesFileError(`rules ${rulesFile}: ${z.prettifyError(rules.error)}`);
  return extractWithRules({ body: decodePage(readFileSync(file)), url: url ?? pathToFileURL(file).href }, rules.data);
}
