import { extract } from '../extract';
import { readTestdata } from '../testdata/seeds';

/** What a reader does not see is not content; what the page's scripts show (loading wrappers, collapsed prose) is. */
describe('invisible content', () => {
  const { entries } = extract({ body: readTestdata('hidden-content.html'), url: 'https://courier.example/bridge' });
  const text = entries.map((e) => e.text).join('\n');

  test('the article is read once, not again from its hidden copy', () => {
    expect(text.match(/worn bearings/g)).toHaveLength(1);
    expect(text.match(/extra twenty minutes/g)).toHaveLength(1);
  });

  test.each([
    ['the `hidden` attribute', 'Browse every section'],
    ['aria-hidden="true"', 'Listen to this article'],
    ['inline visibility:hidden', 'Thank you for signing up'],
    ['<template>', 'Write your comment here'],
  ])('%s keeps its text out', (_how, snippet) => {
    expect(text).not.toContain(snippet);
  });

  test('collapsed prose shown nowhere else (an accordion answer) is content', () => {
    expect(text).toContain('A footpath on the eastern side stays open');
  });

  test('a wrapper hiding the whole page until it has loaded hides nothing', () => {
    const page = extract({ body: readTestdata('loading-wrapper.html'), url: 'https://valley.example/library' });
    expect(page.entries.map((e) => e.text).join('\n')).toContain('stay open until nine in the evening');
    expect(page.entries.map((e) => e.text).join('\n')).toContain('count visitors in the evening');
  });

  test('the rest of an article under the `hidden` attribute, which a paywall script reveals, is content', () => {
    const page = extract({ body: readTestdata('article-paywall-hidden-rest.html'), url: 'https://courier.example/second-campus' });
    const body = page.entries.map((e) => e.text).join('\n');
    expect(body).toContain('the old dairy buildings on the river road');
    expect(body).toContain('Around four hundred pupils from the upper years');
    expect(body).toContain('asked for a survey of the site before any work starts');
    // A one-line blurb under the same attribute is a widget's, not the article's.
    expect(body).not.toContain('Search the Valley Courier archive');
  });
});
