import { extract } from '../extract';
import { readTestdata } from '../testdata/seeds';

/** A short article of one long paragraph and a few short ones: the long paragraph is not the article's box. */
describe('an article whose text is mostly one long paragraph', () => {
  const { entries } = extract({ body: readTestdata('article-one-long-paragraph.html'), url: 'https://herald.example/ferry-winter' });
  const text = entries.map((e) => e.text).join('\n');

  test('keeps the long paragraph', () => {
    expect(text).toContain('Crossings to the island will run every ninety minutes');
  });

  test('keeps the subheading and the short paragraphs beside it', () => {
    expect(entries.map((e) => e.headline)).toContain('Tickets bought before the change');
    expect(text).toContain('Season tickets stay valid for every sailing.');
    expect(text).toContain('Single tickets can be refunded at the harbour office.');
  });

  test('leaves out the menu, the most-read links and the footer', () => {
    expect(text).not.toContain('Tide tables');
    expect(text).not.toContain('Harbour wall repairs begin');
    expect(text).not.toContain('Registered in the county court');
  });
});

/** Blog engines class a post's box by its topics ("tag-rowing"): the post is no tag list. */
describe('a blog post classed by its topics, beside teasers of other posts', () => {
  const { entries } = extract({ body: readTestdata('article-blog-post-topic-classes.html'), url: 'https://estuary.example/rowing-cup' });
  const text = entries.map((e) => e.text).join('\n');

  test('reads the post', () => {
    expect(text).toContain('won the river cup on Saturday for the first time in eleven years');
    expect(text).toContain('thanked the parents who drove them to the reservoir');
  });

  test('leaves out the teasers of other posts, which sit in a related-posts box', () => {
    expect(text).not.toContain('Harriers held the league leaders');
    expect(text).not.toContain('five hundredth week');
  });
});
