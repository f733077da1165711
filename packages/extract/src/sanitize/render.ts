import type { ChildNode } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { MarkupBlock } from '../document';
import { MAX_DEPTH } from '../html/dom';
import { escapeHtml } from '../html/escape';
import { safeHref } from './url';

/** Tags kept with their meaning; all of them lose every attribute (a keeps a checked href). */
const INLINE_ALLOWED: ReadonlySet<string> = new Set(['strong', 'em', 'b', 'i', 'br']);
const BLOCK_ALLOWED: ReadonlySet<string> = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote']);
/** Tags dropped with their content: code, styles, embedded documents, forms and hidden templates. */
const DROPPED: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg',
  'math', 'form', 'input', 'button', 'select', 'textarea', 'head', 'title', 'meta', 'link', 'base', 'img',
  'picture', 'video', 'audio', 'source', 'track', 'canvas', 'map', 'dialog',
]);

interface Options {
  baseUrl: string;
  /** Inside a paragraph only inline tags survive; block tags are unwrapped. */
  blocks: boolean;
}

function render(nodes: readonly ChildNode[], options: Options, depth = 0): string {
  if (depth > MAX_DEPTH) return '';
  let out = '';
  for (const node of nodes) {
    if (isText(node)) {
      out += escapeHtml(node.data);
      continue;
    }
    if (!isTag(node) || DROPPED.has(node.name)) continue;
    const inner = node.name === 'br' ? '' : render(node.children, options, depth + 1);
    if (node.name === 'a') {
      const href = node.attribs.href === undefined ? null : safeHref(node.attribs.href, options.baseUrl);
      out += href === null ? inner : `<a href="${escapeHtml(href)}">${inner}</a>`;
    } else if (node.name === 'br') {
      out += '<br>';
    } else if (INLINE_ALLOWED.has(node.name) || (options.blocks && BLOCK_ALLOWED.has(node.name))) {
      out += `<${node.name}>${inner}</${node.name}>`;
    } else {
      out += inner;
    }
  }
  return out;
}

/** Sanitizes an HTML fragment to the allow-list (p, h2-h4, lists, blockquote, a, strong/em/b/i, br). */
export function sanitizeHtml(html: string, baseUrl: string): string {
  return render(parseDocument(html, { decodeEntities: true }).children, { baseUrl, blocks: true }).trim();
}

/** The content of a block: a paragraph's children, or the loose nodes of a run of text. */
function contentOf(block: MarkupBlock): readonly ChildNode[] {
  const only = block.nodes.length === 1 ? block.nodes[0] : undefined;
  return only && isTag(only) && (only.name === 'p' || only.name === 'li' || only.name === 'blockquote') ? only.children : block.nodes;
}

/** Renders an entry's source blocks as sanitized HTML; consecutive list items share one list. */
export function renderMarkup(blocks: readonly MarkupBlock[], baseUrl: string): string {
  const parts: string[] = [];
  let inList = false;
  for (const block of blocks) {
    if (block.tag === 'li' && !inList) parts.push('<ul>');
    if (block.tag !== 'li' && inList) parts.push('</ul>');
    inList = block.tag === 'li';
    const inner = render(contentOf(block), { baseUrl, blocks: false }).trim();
    parts.push(block.tag === 'blockquote' ? `<blockquote><p>${inner}</p></blockquote>` : `<${block.tag}>${inner}</${block.tag}>`);
  }
  if (inList) parts.push('</ul>');
  return parts.join('\n');
}
