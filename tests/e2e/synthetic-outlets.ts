import type { SeededRandom } from './seeded-random';

/**
 * Invented German-language outlets for crash tests: each liveblog has stories of its own, and some
 * stories are carried by two or three outlets (an agency report), each copy with an opening sentence of
 * its own and sometimes without the last sentence, as newsrooms rewrite them. All vocabulary is made up
 * here; every story carries numbers of its own, so different stories stay apart under MinHash.
 */

const actors = ['Die Feuerwehr', 'Der Landrat', 'Die Polizei', 'Das Ordnungsamt', 'Der Wetterdienst', 'Die Kreisbahn', 'Das Umweltamt', 'Die Bürgermeisterin', 'Die Stadtwerke', 'Das Gesundheitsamt', 'Der Verkehrsverbund', 'Die Schulbehörde', 'Der Deichverband', 'Das Technische Hilfswerk'];
const towns = ['Elbstadt', 'Auhof', 'Neudorf', 'Kirchwalde', 'Weidental', 'Moorhusen', 'Hagenbrück', 'Steinwald', 'Birkenfelde', 'Ostermoor', 'Talhain', 'Rabenau', 'Fichtenrode', 'Mühlbach', 'Sandhagen', 'Lerchenau'];
const measures = ['die Sperrung der Brücke', 'neue Messwerte', 'einen Notfallplan', 'die Räumung des Marktplatzes', 'zusätzliche Busse', 'eine Warnung vor Glätte', 'den Bau eines Schutzwalls', 'Hilfen für Betriebe', 'eine Sondersitzung', 'die Öffnung der Turnhalle', 'strengere Kontrollen', 'einen Aufnahmestopp', 'die Verlegung der Linie', 'ein Fahrverbot'];
const verbs = ['angekündigt', 'bestätigt', 'verschoben', 'beschlossen', 'abgelehnt', 'vorgestellt', 'gefordert', 'geprüft', 'ausgeweitet', 'zurückgenommen'];
const times = ['am Morgen', 'in der Nacht', 'am Nachmittag', 'gegen Mittag', 'am späten Abend', 'kurz vor Sonnenaufgang'];
const weekdays = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'];
const names = ['Greta Hollbach', 'Jonas Wiedtke', 'Meike Sandorf', 'Till Brammer', 'Svea Lindqvist', 'Ole Fenske', 'Hanne Quast', 'Piet Marold', 'Ilka Dornbusch', 'Rasmus Ehlert'];
const moods = ['angespannten', 'ruhigen', 'unübersichtlichen', 'schwierigen', 'entspannten', 'ernsten'];
const things = ['überfluteten Kellern', 'umgestürzten Bäumen', 'Stromausfällen', 'gesperrten Zufahrten', 'lauten Sirenen', 'vollen Notunterkünften'];
const roads = ['B 71', 'A 39', 'Landstraße 12', 'Kreisstraße 8', 'Uferstraße', 'Ringstraße'];
const openers = [
  (place: string) => `Auch am Tag danach ist die Aufregung in ${place} groß.`,
  (place: string) => `Für viele Menschen in ${place} beginnt der Tag mit schlechten Nachrichten.`,
  (place: string) => `Was in ${place} passiert ist, beschäftigt die ganze Region.`,
  (place: string) => `Die Nachricht aus ${place} kam überraschend.`,
];
const credits = ['dpa', 'epd', 'AFP', 'KNA'];

/** One story's sentences; an outlet's copy may open differently and drop the last one. */
export interface Story {
  id: string;
  place: string;
  headline: string;
  sentences: string[];
  credit: string;
}

export interface OutletItem {
  storyId: string;
  headline: string;
  text: string;
}

export interface Outlet {
  name: string;
  title: string;
  items: OutletItem[];
}

const syllables = ['bor', 'ken', 'hal', 'wies', 'mann', 'lin', 'den', 'fal', 'ter', 'mo', 'ran', 'kes', 'sel', 'ro', 'wik', 'sten', 'hel', 'ge', 'brok', 'mar', 'tin', 'qua', 'del', 'fin', 'nek', 'ur', 'so', 'bel', 'ham', 'pe'];

/** A made-up proper name, so that each story has words no other story shares. */
function inventedName(random: SeededRandom, suffix = ''): string {
  const word = Array.from({ length: random.int(2, 3) }, () => random.pick(syllables)).join('') + suffix;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function story(random: SeededRandom, id: string): Story {
  const place = inventedName(random, random.pick(['dorf', 'hausen', 'rode', 'feld']));
  const person = `${random.pick(names).split(' ')[0]} ${inventedName(random)}`;
  const street = inventedName(random, 'straße');
  const firm = inventedName(random, 'werke');
  const [actor, org] = random.sample(actors, 2) as [string, string];
  const measure = random.pick(measures);
  const verb = random.pick(verbs);
  const n = () => String(random.int(12, 9_800));
  const sentences = random.sample(
    [
      `${actor} ${place} hat ${random.pick(times)} ${measure} ${verb}, Vorgang ${n()}.`,
      `${person} nennt ${n()} betroffene Haushalte zwischen ${street} und ${inventedName(random, 'platz')}.`,
      `Bis ${random.pick(weekdays)} bleiben ${n()} Kräfte von ${org} ${random.pick(['vor Ort', 'im Dienst', 'in Bereitschaft'])}.`,
      `${person} sprach von einer ${random.pick(moods)} Lage, ${firm} beziffert Schäden auf ${n()} Tausend Euro.`,
      `Die ${random.pick(roads)} Richtung ${inventedName(random, 'burg')} war ${n()} Minuten dicht.`,
      `${random.pick(things).replace(/^./, (c) => c.toUpperCase())} meldeten Anwohner der ${street} ${n()}.`,
      `${firm} ${random.pick(['kündigte', 'versprach', 'prüft'])} ${random.pick(measures)} für ${place}-${inventedName(random)}.`,
      `${n()} Notrufe erreichten ${random.pick(times)} die Leitstelle ${inventedName(random)}.`,
    ],
    5,
  );
  return { id, place, headline: `${place} (${id}): ${measure} ${verb}`, sentences, credit: random.pick(credits) };
}

function render(s: Story, sentences: readonly string[]): string {
  return `${sentences.join(' ')} (${s.credit})`;
}

/**
 * `outlets` liveblogs with `ownStories` stories each, plus `sharedStories` stories carried by two or
 * three outlets: the first outlet has the report as written, the others rewrite its opening.
 */
export function syntheticOutlets(random: SeededRandom, o: { outlets: number; ownStories: number; sharedStories: number }): Outlet[] {
  const outlets: Outlet[] = Array.from({ length: o.outlets }, (_, i) => ({
    name: `outlet-${String(i).padStart(2, '0')}`,
    title: `Ticker ${i}: ${random.pick(towns)} und Umgebung aktuell`,
    items: [],
  }));
  for (const [i, outlet] of outlets.entries()) {
    for (let k = 0; k < o.ownStories; k++) {
      const s = story(random, `o${i}s${k}`);
      outlet.items.push({ storyId: s.id, headline: s.headline, text: render(s, s.sentences) });
    }
  }
  for (let k = 0; k < o.sharedStories; k++) {
    const s = story(random, `shared${k}`);
    const carriers = random.sample(outlets, random.int(2, 3));
    carriers.forEach((outlet, n) => {
      const sentences = n === 0 ? s.sentences : [random.pick(openers)(s.place), ...s.sentences.slice(0, random.int(4, 5))];
      outlet.items.splice(random.int(0, outlet.items.length), 0, { storyId: s.id, headline: `${s.headline} – ${outlet.name}`, text: render(s, sentences) });
    });
  }
  return outlets;
}

/** The outlet in the seed text-dump format: a title line, a lead, then headline entries. */
export function outletDump(outlet: Outlet): string {
  const head = [` date 2024-11 ${outlet.title}`, ''];
  return [...head, ...outlet.items.flatMap((item) => [item.headline, '', item.text, ''])].join('\n');
}
