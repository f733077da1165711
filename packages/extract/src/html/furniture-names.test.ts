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

/**
 * Short furniture words ("ad", "media") name furniture as a whole class name or as its head or tail
 * ("ad-slot"), never from the middle of a longer name ("body-ad-wrapper", "story-media-wrap").
 */
describe('wrappers whose class names hold a furniture word', () => {
  const { entries } = extract({ body: readTestdata('article-furniture-word-wrappers.html'), url: 'https://courier.example/2025/04/late-frost' });
  const text = entries.map((e) => e.text).join('\n');

  test('a furniture word in the middle of a name does not drop the body', () => {
    expect(text).toContain('Two nights of frost in the last week of April');
    expect(text).toContain('a decision on the request is expected before the harvest');
  });

  test('nor does one in the middle of a nested box\'s name', () => {
    expect(text).toContain('Blossom was at its most tender');
    expect(text).toContain('many smaller farms have neither');
  });

  test('the ad slot and the newsletter box stay out', () => {
    expect(text).not.toContain('spring garden fair');
    expect(text).not.toContain('in your inbox every morning');
  });
});
