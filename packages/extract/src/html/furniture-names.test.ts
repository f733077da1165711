import { extract } from '../extract';
import { readTestdata } from '../testdata/seeds';

/** Furniture words in class names are hints; a declared article holding most of the body is the article whatever its classes say. */
describe('an <article> classed by its topics (tag-<topic>, category-<section>)', () => {
  const { entries } = extract({ body: readTestdata('article-topic-classes.html'), url: 'https://ledger.example/2025/03/grain-corridor' });
  const text = entries.map((e) => e.text).join('\n');

  test('is read, not dropped as a tag list', () => {
    expect(text).toContain('Cargo ships began leaving the southern ports again');
    expect(text).toContain('inspections would take place at sea');
  });

  test('the teaser and the comments beside it stay out', () => {
    expect(text).not.toContain('A pay deal ends the three-day walkout');
    expect(text).not.toContain('Good news for the bakeries');
  });
});
