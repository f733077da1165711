import type { Element } from 'domhandler';
import { isTag } from 'domhandler';
import { attr } from './dom';

/**
 * Elements that hold page furniture by their very nature, whatever their class says. Not `form`: some
 * frameworks (ASP.NET) wrap the whole page in one, and a form's own controls are listed here.
 */
const FURNITURE_TAGS: ReadonlySet<string> = new Set([
  'nav',
  'aside',
  'footer',
  'figure',
  'figcaption',
  'button',
  'select',
  'textarea',
  'dialog',
  'menu',
  'picture',
  'video',
  'audio',
]);

/**
 * Class and id fragments that name furniture even inside a longer name ("cssBoxTeaserStandard",
 * "teasertext", "commentList"): sharing bars, newsletter and paywall boxes, teasers of other articles,
 * comments, consent banners, captions and credits.
 */
const FURNITURE_FRAGMENTS = new RegExp(
  [
    'teaser', 'newsletter', 'paywall', 'comment', 'kommentar', 'cookie', 'consent', 'caption', 'copyright',
    'breadcrumb', 'sharing', 'social', 'related', 'recommend', 'sidebar', 'toolbar', 'byline', 'author',
    'advert', 'sponsor', 'promo', 'mediainfo', 'skiplink', 'jumplabel', 'affiliate', 'disclaimer', 'whatsapp',
    'subscribe', 'signup',
  ].join('|'),
  'i',
);

/**
 * Short words that name furniture only as a whole class or id, or as the head or tail of a compound one
 * ("share-bar", "ad-slot", "post-tags"), because as fragments they occur in innocent names
 * ("shareholder", "header", "stages"), and in the middle of a name they qualify something else: a
 * "body-ad-wrapper" or an "hs_wrapper_meta_field" is the body's box.
 */
const FURNITURE_WORD_LIST = [
  'nav', 'navigation', 'menu', 'share', 'ads?', 'banner', 'footer', 'tags?', 'credits?', 'meta', 'media',
  'infobox', 'print', 'links', 'source', 'quelle', 'photo', 'image', 'img', 'gallery',
].join('|');
const FURNITURE_WORDS = new RegExp(`^(?:(?:${FURNITURE_WORD_LIST})(?:[_-].*)?|.*[_-](?:${FURNITURE_WORD_LIST}))$`, 'i');

/** Whether a class or id names furniture by a short word: as the whole name or the head or tail of it. */
function namesFurnitureWord(name: string): boolean {
  for (const token of name.split(/\s+/)) if (token !== '' && FURNITURE_WORDS.test(token)) return true;
  return false;
}

/** ARIA roles of landmarks that are never the article. */
const FURNITURE_ROLES: ReadonlySet<string> = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alert']);

/**
 * Furniture by tag or landmark role: skipped with everything inside it, wherever it is. Not one that holds
 * the page's main landmark: that is an unclosed `<aside>` or `<nav>` at the top of the page which, as
 * parsers read it, swallows the rest of the page, article and all.
 */
export function isFurnitureElement(el: Element): boolean {
  if (!FURNITURE_TAGS.has(el.name) && !FURNITURE_ROLES.has(attr(el, 'role'))) return false;
  return !(LANDMARK_TAGS.has(el.name) && holdsMain(el, 0));
}

/** Furniture landmarks a page may leave unclosed above its article; a caption or a button is never one. */
const LANDMARK_TAGS: ReadonlySet<string> = new Set(['aside', 'nav', 'footer', 'menu']);

function holdsMain(el: Element, depth: number): boolean {
  if (depth > 40) return false;
  for (const kid of el.children) {
    if (!isTag(kid)) continue;
    if (kid.name === 'main' || attr(kid, 'role') === 'main' || holdsMain(kid, depth + 1)) return true;
  }
  return false;
}

/**
 * Furniture by its class or id. Only a hint: a page wrapper called "has-sidebar" holds the article too,
 * so the hint counts only for elements inside the chosen content container.
 */
export function hasFurnitureHint(el: Element): boolean {
  const classes = attr(el, 'class');
  if (ENTRY_CLASS.test(classes)) return false;
  const name = `${classes} ${attr(el, 'id')}`;
  return name.length > 1 && (FURNITURE_FRAGMENTS.test(name) || namesFurnitureWord(name));
}

/**
 * The microformats' mark of a post (hAtom `hentry`, h-entry), which blog engines put on the post's box
 * beside one class per topic ("tag-harbour", "category-sport"): the post, whatever its topics are called.
 */
const ENTRY_CLASS = /(?:^|\s)h-?entry(?:\s|$)/;

/** Furniture that carries dates of its own: reader comments and teasers of other articles. */
const DATED_FURNITURE = /comment|kommentar|teaser|related|recommend/i;

export function isDatedFurniture(el: Element): boolean {
  return DATED_FURNITURE.test(`${attr(el, 'class')} ${attr(el, 'id')}`);
}

/**
 * Boxes that hold a text of their own which is never the article, however long: reader comments and
 * newsletter sign-ups. Unlike other furniture names, these count above the article container too: such a
 * box holding the most text is taken for the article otherwise. Not "teaser" or "related": pages wrap
 * their own article in an "article__teaser" or a "field--related" box.
 */
const OTHER_TEXT = /comment|kommentar|newsletter|signup|subscribe/i;

export function holdsOtherText(el: Element): boolean {
  return OTHER_TEXT.test(`${attr(el, 'class')} ${attr(el, 'id')}`);
}

/** Class and id fragments of a lead paragraph ("Vorspann"), which belongs in the summary, not the body. */
const LEAD_FRAGMENTS = /intro|lead|preface|einleitung|standfirst|summary|abstract|excerpt|description/i;

export function hasLeadHint(el: Element): boolean {
  return LEAD_FRAGMENTS.test(`${attr(el, 'class')} ${attr(el, 'id')} ${attr(el, 'itemprop')}`);
}
