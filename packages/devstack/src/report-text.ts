import type { SeededRandom } from './seeded-random';

const WORDS = ['Hochwasser', 'Deich', 'Feuerwehr', 'Landrat', 'Pegel', 'Sandsäcke', 'Notunterkunft', 'Bahnstrecke', 'Umleitung', 'Stromausfall', 'Wetterdienst', 'Schule', 'Brücke', 'Rathaus', 'Polizei', 'Kreisstraße', 'Helfer', 'Anwohner', 'Messstelle', 'Krisenstab'];
export const TOWNS = ['Elbstadt', 'Auhof', 'Neudorf', 'Kirchwalde', 'Weidental', 'Moorhusen', 'Hagenbrück', 'Steinwald'];

/** Invented report text (German, like the seeds) of 3 sentences, each with numbers of its own, well over the 200 characters clustering needs. */
export function inventedReport(random: SeededRandom, serial: string): { headline: string; sentences: string[] } {
  const w = () => random.pick(WORDS);
  const n = () => String(random.int(1, 9_000));
  const town = random.pick(TOWNS);
  return {
    headline: `${town}: ${w()} und ${w()} (${serial})`,
    sentences: [
      `In ${town} meldet der ${w()}-Stab ${n()} Einsätze rund um ${w()} und ${w()}, Vorgang ${serial}.`,
      `Nach Angaben von ${w()} und ${w()} sind ${n()} Haushalte betroffen, ${n()} Kräfte bleiben vor Ort.`,
      `Für ${w()} gilt bis auf Weiteres Stufe ${n()}, die ${w()} am ${w()} bleibt ${n()} Stunden gesperrt.`,
    ],
  };
}
