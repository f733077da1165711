import { decodeHTML } from 'entities';
import { collapseSpace } from '../html/dom';
import { berlinTimeToUtc } from '../time/berlin';
import type { JsonLdNode } from './parse';
import { isNode } from './parse';

/**
 * A text value with the HTML entities CMSs leave in JSON strings ("Meghan&#39;s") decoded and spaces
 * collapsed; null when the value is not a non-empty string.
 */
export function textValue(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = collapseSpace(decodeHTML(value));
  return text === '' ? null : text;
}

/**
 * A multi-paragraph text value: paragraphs are lines (articleBody separates them by line breaks),
 * entities decoded, markup some CMSs leave in the body reduced to its text. Empty lines dropped.
 */
export function paragraphsValue(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return decodeHTML(value.replace(/<\/?(?:p|div|br|li|h[1-6])\b[^>]*>/gi, '\n').replace(/<[^>]*>/g, ''))
    .split(/\n/)
    .map(collapseSpace)
    .filter((p) => p !== '');
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * An ISO 8601 time as ISO UTC. A time without offset is read as German local time: that is what the
 * pages we ingest mean by it, and guessing UTC would shift it by one or two hours.
 */
export function timeValue(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const [, year, month, day, hour, minute] = local;
    const utc = berlinTimeToUtc({ year: Number(year), month: Number(month), day: Number(day), hour: Number(hour ?? 0), minute: Number(minute ?? 0) });
    return utc ? utc.toISOString() : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Names of a `author` value: a string, a Person/Organization node, or a list of them. */
export function namesValue(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const item of list) {
    const name = isNode(item) ? textValue(item.name) : textValue(item);
    if (name !== null && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The node's own address: `url`, else `@id`. */
export function idValue(node: JsonLdNode): string | null {
  return textValue(node.url) ?? textValue(node['@id']);
}
