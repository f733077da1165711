/**
 * Invented liveblog dumps in the seed text-dump format, large enough that indexing them takes a while.
 * Every entry has a distinct headline and text, and closes with an agency credit.
 */
export function syntheticDump(file: number, entries: number): string {
  const places = ['Kiel', 'Passau', 'Görlitz', 'Trier', 'Rostock', 'Ulm', 'Jena', 'Bremen'];
  const lines = [` date 2024-11 Synthetischer Ticker ${file}: Die Lage im Überblick, fortlaufend aktualisiert.`, ''];
  for (let i = 0; i < entries; i++) {
    const place = places[(file + i) % places.length];
    lines.push(`Meldung ${file}-${i} aus ${place}`, '');
    lines.push(
      `In ${place} hat der Stadtrat am Abend über Vorlage ${file * 1000 + i} beraten. Die Sitzung dauerte ${i % 7 + 1} Stunden, ` +
        `am Ende stimmten ${i % 40 + 10} Mitglieder zu. Eine Sprecherin kündigte weitere Gespräche an. (dpa)`,
      '',
    );
  }
  return lines.join('\n');
}
