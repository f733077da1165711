import { extract } from '../extract';
import { readTestdata } from '../testdata/seeds';

/** An argument written as list items, sources linked inside the sentences, is the article's text. */
describe('an article whose body is mostly a numbered list', () => {
  const { entries } = extract({ body: readTestdata('article-prose-list.html'), url: 'https://gazette.example/2025/ferry-timetable' });
  const text = entries.map((e) => e.text).join('\n');

  test('keeps the paragraphs around the list: the list is part of the body, not its box', () => {
    expect(text).toContain('The new ferry timetable lasted eleven days');
    expect(text).toContain('a revised timetable will be published in the spring');
  });

  test('keeps the list items, those with links inside their sentences too', () => {
    expect(text).toContain('only three could be rostered through the winter');
    expect(text).toContain('had never been asked about the change');
    expect(text).toContain('the first real test was a holiday weekend');
  });

  test('leaves out teaser items that open or end with their link', () => {
    expect(text).not.toContain('Dredging of the inner harbour');
    expect(text).not.toContain('Council approves the new lighthouse museum');
  });
});

/** Short items the author wrote out, with no link or picture in the list, are the text's own. */
describe('an article with short plain lists (what to pack, good and bad)', () => {
  const { entries } = extract({ body: readTestdata('article-plain-lists.html'), url: 'https://outdoors.example/pack-for-a-night' });
  const text = entries.map((e) => e.text).join('\n');

  test('keeps every item of the plain lists', () => {
    for (const item of ['A tent or a bivvy bag', 'Head torch with spare batteries', "Light enough for a day's walk", 'Cold nights need a warmer bag']) expect(text).toContain(item);
  });

  test('leaves out the menu and the tag list, whose items are links', () => {
    expect(text).not.toContain('Routes');
    expect(text).not.toContain('Camping');
  });
});

/** A listicle's entries open with the linked name of what they describe, and the text goes on after them. */
describe('an article with a list of entries that open with a linked name', () => {
  const { entries } = extract({ body: readTestdata('article-listicle-linked-names.html'), url: 'https://gazette.example/2025/tide-apps' });
  const text = entries.map((e) => e.text).join('\n');

  test('keeps the entries between the paragraphs, linked names and all', () => {
    expect(text).toContain('the clearest chart of the four');
    expect(text).toContain('Slack Water warns half an hour before the turn of the tide');
    expect(text).toContain('the local correction for the inner basin');
    expect(text).toContain("beside the moon's phase");
    expect(text).toContain('None of the apps replaces a look over the harbour wall');
  });

  test('leaves out the teasers of other pages after the text has ended', () => {
    expect(text).not.toContain('Winter moorings open for booking');
    expect(text).not.toContain('autumn regatta');
  });
});

/** Teasers shaped like listicle entries, a few set into a longer text, are not its matter. */
describe('an article with a couple of teasers set into its text', () => {
  const { entries } = extract({ body: readTestdata('article-teasers-in-text.html'), url: 'https://gazette.example/2025/lock-gates' });
  const text = entries.map((e) => e.text).join('\n');

  test('keeps the text on both sides of the teasers', () => {
    expect(text).toContain('replace the worn seals on the lower gate');
    expect(text).toContain('open on Saturday mornings');
  });

  test('leaves out the teasers', () => {
    expect(text).not.toContain('Winter moorings open for booking');
    expect(text).not.toContain('autumn regatta');
  });
});
