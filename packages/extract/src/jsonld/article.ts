import type { JsonLdNode } from './parse';
import { hasType } from './parse';
import { namesValue, textValue, timeValue } from './values';

/** What structured data says about the page as a whole. */
export interface ArticleMeta {
  headline: string | null;
  description: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  authors: string[];
}

/** Types whose node describes the page's own story. */
const STORY: ReadonlySet<string> = new Set([
  'LiveBlogPosting',
  'NewsArticle',
  'Article',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'BackgroundNewsArticle',
  'BlogPosting',
  'Report',
]);

const LIVEBLOG: ReadonlySet<string> = new Set(['LiveBlogPosting']);

/** The page's story metadata: from the liveblog node when there is one, else the first article node. */
export function articleMeta(nodes: readonly JsonLdNode[]): ArticleMeta | null {
  const stories = nodes.filter((node) => hasType(node, STORY));
  const story = stories.find((node) => hasType(node, LIVEBLOG)) ?? stories[0];
  if (!story) return null;
  return {
    headline: textValue(story.headline) ?? textValue(story.name),
    description: textValue(story.description),
    publishedAt: timeValue(story.datePublished) ?? timeValue(story.coverageStartTime),
    modifiedAt: timeValue(story.dateModified),
    authors: namesValue(story.author),
  };
}
