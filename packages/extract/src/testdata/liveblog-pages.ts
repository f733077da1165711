/**
 * Liveblog pages of our own making, as heavy as real ones: hundreds of KB of scripts, menus and teaser
 * rails around dozens of entries. Each page comes with its truth (the entries a reader sees), so a test
 * can score how the splitter reads structures it was never tuned on. All text is invented from the word
 * lists below by a seeded generator: the same page every run, no third-party text.
 */

/** How the page marks its entries. */
export interface LiveblogShape {
  /** How an entry's time is printed: "14:32", "2:32pm", "ore 14.32", … */
  time: (hour: number, minute: number) => string;
  /** Entries whose JSON-LD LiveBlogPosting lists them (the newest first); 0 for none. */
  structuredEntries: number;
  /** A "key events" list of linked times and headlines above the entries, pointing at some of them. */
  keyEvents: boolean;
  /** Teaser cards of other stories, each with a time, between the entries (in the same stream). */
  teaserCards: number;
  /** Every few entries carries a second time of its own (an "updated" line, an embedded post's time). */
  innerTimes: boolean;
  entries: number;
  seed: number;
}

export interface TruthEntry {
  headline: string | null;
  text: string;
}

export interface BuiltLiveblog {
  html: string;
  entries: TruthEntry[];
}

const SUBJECTS = [
  'The harbour authority', 'A spokesperson for the fire service', 'The regional council', 'Rescue crews', 'The transport minister',
  'Residents of the lower town', 'The weather office', 'Two volunteers from the sailing club', 'The mayor', 'Engineers at the dam',
  'The coast guard', 'Hospital staff', 'A bus driver on the ring road', 'The opposition leader', 'Farmers near the river',
];
const VERBS = ['said', 'confirmed', 'warned', 'reported', 'announced', 'told reporters', 'wrote in a statement', 'estimated'];
const CLAIMS = [
  'that the water level had dropped by almost a metre since the morning',
  'that three more shelters would open before nightfall',
  'that the northern bridge stays closed until the inspection is finished',
  'that power was back in most streets of the old quarter',
  'that the pumps would run through the night at full capacity',
  'that schools in the valley would reopen on Monday at the earliest',
  'that the railway line to the coast was blocked by fallen trees',
  'that donations of blankets and dry food had exceeded every expectation',
  'that the damage to the ferry terminal was worse than first thought',
  'that a second band of heavy rain was expected after midnight',
  'that no one had been reported missing since the early afternoon',
  'that the emergency number had received more than two thousand calls',
];
const TAILS = [
  'Crews are working in shifts.', 'More details are expected at the evening briefing.', 'The situation remains tense along the embankment.',
  'Traffic is being diverted through the industrial estate.', 'People are asked to avoid the area around the market square.',
  'Further checks are planned for tomorrow.', 'The figures will be updated every hour.', 'Volunteers have been thanked for their help.',
];
const HEADLINES = [
  'Water level falls at the main gauge', 'New shelters open in the east', 'Bridge stays shut', 'Power returns to the old quarter',
  'Pumps to run all night', 'Schools stay closed', 'Rail line blocked', 'Donations pour in', 'Ferry terminal damaged',
  'More rain on the way', 'No new missing persons', 'Emergency line under strain', 'Minister visits the dam', 'Curfew lifted in two districts',
];

/** A small deterministic generator (mulberry32), so a page is the same in every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

function sentence(next: () => number, n: number): string {
  return `${pick(next, SUBJECTS)} ${pick(next, VERBS)} ${pick(next, CLAIMS)} (update ${n}). ${pick(next, TAILS)}`;
}

/** Page furniture that weighs what a real page's does: config scripts, a mega menu, a footer of links. */
function furniture(next: () => number): { head: string; menu: string; footer: string } {
  const token = (): string => Math.floor(next() * 1e12).toString(36);
  const config = JSON.stringify({ ads: Array.from({ length: 1500 }, (_, i) => ({ slot: `slot-${i}`, sizes: [[300, 250], [728, 90]], key: token() })) });
  const bundle = Array.from({ length: 1200 }, (_, i) => `function m${i}(a){return a.map(function(x){return x*${i}+"${token()}"})}`).join(';');
  const head = `<script>window.__CONFIG__=${config};</script><script>${bundle}</script><style>${'.c-x{display:flex;margin:0 auto}'.repeat(800)}</style>`;
  const sections = ['News', 'World', 'Business', 'Sport', 'Culture', 'Travel', 'Science', 'Weather', 'Opinion', 'Video'];
  const menu = `<header class="site-head"><div class="logo"><a href="/">The Example Daily</a></div><ul class="mega">${sections
    .map((s) => `<li><a href="/${s.toLowerCase()}">${s}</a><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/${s.toLowerCase()}/${i}">${s} topic ${i}</a></li>`).join('')}</ul></li>`)
    .join('')}</ul><div class="consent"><p>We use cookies to improve your experience on our site and to show you relevant advertising.</p><button>Accept</button></div></header>`;
  const footer = `<div class="site-foot">${Array.from({ length: 120 }, (_, i) => `<a href="/about/${i}">About link ${i}</a>`).join(' ')}<p>© The Example Daily. All rights reserved.</p></div>`;
  return { head, menu, footer };
}

/** Class names a build tool made up: nothing in them says "entry" or "post". */
function hashed(next: () => number): string {
  return `x${Math.floor(next() * 1e6).toString(36)}`;
}

/**
 * Builds a liveblog page of `shape`. Entries run newest first, one every 7 to 20 minutes back from 21:50;
 * about one in four has no headline, and some carry a picture with a caption or a quoted post.
 */
export function buildLiveblog(shape: LiveblogShape): BuiltLiveblog {
  const next = random(shape.seed);
  const { head, menu, footer } = furniture(next);
  const [entryBox, stampBox, bodyBox, stream] = [hashed(next), hashed(next), hashed(next), hashed(next)];
  const truth: TruthEntry[] = [];
  const boxes: string[] = [];
  const times: { hour: number; minute: number; iso: string }[] = [];
  let minutes = 21 * 60 + 50;
  for (let i = 0; i < shape.entries; i++) {
    const hour = Math.floor(minutes / 60);
    const minute = minutes % 60;
    times.push({ hour, minute, iso: `2026-03-14T${String(hour - 1).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z` });
    const headline = next() < 0.25 ? null : `${pick(next, HEADLINES)} (${shape.entries - i})`;
    const paragraphs = Array.from({ length: 1 + Math.floor(next() * 3) }, () => sentence(next, shape.entries - i));
    let body = paragraphs.map((p) => `<p>${p}</p>`).join('');
    if (i % 5 === 2) body += `<figure><img src="/img/${i}.jpg" alt=""><figcaption>Photo: agency picture ${i}</figcaption></figure>`;
    if (shape.innerTimes && i % 4 === 1) {
      const later = minutes + 4;
      const updated = `<p class="${hashed(next)}">${shape.time(Math.floor(later / 60), later % 60)}</p>`;
      // Between the entry's paragraphs: the text after it is still the same entry's.
      const [first, ...rest] = paragraphs;
      body = `<p>${first ?? ''}</p>${updated}${rest.map((p) => `<p>${p}</p>`).join('')}`;
    }
    if (i % 6 === 3) body += `<blockquote class="embed"><p>Queues at the shelter on the ring road right now</p>— a resident <a href="https://social.example/p/${i}">${shape.time(hour, minute)}</a></blockquote>`;
    boxes.push(
      `<div class="${entryBox}" id="e${i}"><div class="${stampBox}"><span>${shape.time(hour, minute)}</span></div><div class="${bodyBox}">${headline === null ? '' : `<h3>${headline}</h3>`}${body}</div></div>`,
    );
    truth.push({ headline, text: paragraphs.join('\n\n') });
    minutes -= 7 + Math.floor(next() * 14);
  }
  const keyEvents = shape.keyEvents
    ? `<div class="${hashed(next)}"><h2>Key events</h2><ul>${truth
        .map((entry, i) => ({ entry, i }))
        .filter(({ entry, i }) => entry.headline !== null && i % 3 === 0)
        .map(({ entry, i }) => `<li><a href="#e${i}"><span>${shape.time(times[i]?.hour ?? 0, times[i]?.minute ?? 0)}</span> ${entry.headline}</a></li>`)
        .join('')}</ul></div>`
    : '';
  // Teaser cards of other stories between the entries, in the same stream: a time, a linked headline, a
  // line of text that is not a link.
  const cardBox = hashed(next);
  for (let i = shape.teaserCards - 1; i >= 0; i--) {
    const hour = 20 - (i % 10);
    const card = `<div class="${cardBox}"><div class="${stampBox}"><span>${shape.time(hour, (i * 13) % 60)}</span></div><a href="/news/story-${i}"><h3>${pick(next, HEADLINES)}: what we know so far</h3></a><p>Read the full story of what ${pick(next, SUBJECTS).toLowerCase()} ${pick(next, VERBS)} on our news pages.</p></div>`;
    boxes.splice(Math.min(boxes.length, 3 + i * 6), 0, card);
  }
  const listed = truth.slice(0, shape.structuredEntries).map((entry, i) => ({
    '@type': 'BlogPosting',
    headline: entry.headline ?? `Update ${times[i]?.iso ?? ''}`,
    datePublished: times[i]?.iso,
    articleBody: entry.text.replace(/\n\n/g, ' '),
  }));
  const jsonLd = shape.structuredEntries === 0 ? '' : `<script type="application/ld+json">${JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'LiveBlogPosting',
    headline: 'Floods in the valley: live updates',
    coverageStartTime: times[times.length - 1]?.iso,
    liveBlogUpdate: listed,
  })}</script>`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Floods in the valley: live updates | The Example Daily</title>
<meta property="article:modified_time" content="2026-03-14T21:50:00+01:00">${jsonLd}${head}</head><body>${menu}
<div class="${hashed(next)}"><div class="${hashed(next)}"><h1>Floods in the valley: live updates</h1><p>Rivers have burst their banks across the valley after three days of rain. Follow the latest here.</p>
${keyEvents}<div class="${stream}">${boxes.join('\n')}</div></div></div>${footer}</body></html>`;
  return { html, entries: truth };
}
