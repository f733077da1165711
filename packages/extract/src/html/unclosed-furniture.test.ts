import { extract } from '../extract';
import { readTestdata } from '../testdata/seeds';

/**
 * An `<aside>` left unclosed at the top of a page swallows the rest of it, article and all, as parsers
 * read it. Furniture that holds the page's main landmark is not furniture; a caption is never a landmark.
 */
describe('an unclosed aside above the article', () => {
  const doc = extract({ body: readTestdata('unclosed-aside.html'), url: 'https://town.example/2025/library-reopens' });
  const text = doc.entries.map((e) => e.text).join('\n');

  test('the article inside it is read', () => {
    expect(text).toContain('about four in five of the archived newspapers could be saved');
    expect(text).toContain('the archive has moved upstairs');
  });

  test('the photo credit in the caption stays out', () => {
    expect(text).not.toContain('Photo: Town News');
  });
});
