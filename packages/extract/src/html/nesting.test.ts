import { nestsDeeperThan } from './nesting';

test.each([
  ['balanced nesting at the limit', `${'<div>'.repeat(10)}x${'</div>'.repeat(10)}`, 10, false],
  ['one level past the limit', `${'<div>'.repeat(11)}x${'</div>'.repeat(11)}`, 10, true],
  ['unclosed p and li (omitted end tags are legal)', `<div>${'<p>a<li>b'.repeat(1000)}</div>`, 10, false],
  ['void and self-closing elements', `<div>${'<br><img src=x><span/>'.repeat(1000)}</div>`, 10, false],
  ['siblings do not add up', '<div></div>'.repeat(1000), 10, false],
  ['unclosed divs do', '<div>'.repeat(11), 10, true],
  ['nested lists count their ul', `${'<ul><li>'.repeat(11)}`, 10, true],
  ['stray closing tags never go below zero', `${'</div>'.repeat(100)}${'<div>'.repeat(10)}`, 10, false],
])('%s', (_name, html, limit, deeper) => {
  expect(nestsDeeperThan(html, limit)).toBe(deeper);
});
