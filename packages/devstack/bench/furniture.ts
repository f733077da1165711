import { SeededRandom, TOWNS } from '../src';

/** What a real liveblog page carries around its entries: scripts, menus and a footer, as HTML. */
export interface Furniture {
  head: string;
  top: string;
  bottom: string;
}

const SECTIONS = ['Politik', 'Wirtschaft', 'Sport', 'Kultur', 'Wissen', 'Reise', 'Auto', 'Digital', 'Panorama', 'Meinung', 'Video', 'Podcast'];
const WORDS = ['Verkehr', 'Wetter', 'Stadtrat', 'Hochwasser', 'Schule', 'Bahn', 'Klinik', 'Polizei', 'Feuerwehr', 'Markt', 'Bauprojekt', 'Konzert', 'Wahl', 'Haushalt'];

/**
 * About `kb` KB of furniture for one liveblog, the same on every version of its page as on real sites:
 * about half of it scripts (a bundle, tracking and configuration JSON), the rest link menus and a footer
 * of teasers. Deterministic by seed, so that a run can be repeated.
 */
export function furniture(kb: number, seed: number, liveblog: number): Furniture {
  if (kb <= 0) return { head: '', top: '', bottom: '' };
  const random = new SeededRandom(seed ^ (liveblog * 0x9e3779b1));
  const target = kb * 1024;
  const scripts: string[] = [];
  let scriptBytes = 0;
  for (let i = 0; scriptBytes < target / 2; i++) {
    const fns = Array.from({ length: 40 }, (_, j) => `function m${i}_${j}(e,t){var n=e&&e.${random.pick(WORDS).toLowerCase()}||${random.int(0, 99_999)};return t.push({id:"${random.int(0, 1e9).toString(36)}",v:n*${random.int(2, 97)}}),n}`).join(';');
    const config = JSON.stringify({ slot: `ad-${i}`, sizes: [[300, 250], [728, 90]], targeting: { section: random.pick(SECTIONS), kw: random.sample(WORDS, 4) }, id: random.int(0, 1e9).toString(36) });
    const script = `<script>!function(){${fns};window.__cfg${i}=${config}}();</script>\n`;
    scripts.push(script);
    scriptBytes += script.length;
  }
  const link = () => {
    const section = random.pick(SECTIONS);
    return `<li><a href="/${section.toLowerCase()}/${random.pick(TOWNS).toLowerCase()}-${random.pick(WORDS).toLowerCase()}-${random.int(1e5, 1e6)}.html">${section}: ${random.pick(WORDS)} in ${random.pick(TOWNS)}</a></li>`;
  };
  const menu = `<nav class="main-menu"><ul>${SECTIONS.map((s) => `<li><a href="/${s.toLowerCase()}/">${s}</a><ul>${Array.from({ length: 12 }, link).join('')}</ul></li>`).join('')}</ul></nav>\n`;
  const teasers: string[] = [];
  let rest = target - scriptBytes - menu.length;
  while (rest > 0) {
    const teaser = `<div class="teaser"><ul>${Array.from({ length: 10 }, link).join('')}</ul><p class="legal">© ${random.pick(TOWNS)}er Zeitung · Impressum · Datenschutz · Cookie-Einstellungen</p></div>\n`;
    teasers.push(teaser);
    rest -= teaser.length;
  }
  return { head: scripts.join(''), top: menu, bottom: `<footer>${teasers.join('')}</footer>` };
}
