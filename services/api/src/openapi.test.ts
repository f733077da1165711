import { z } from 'zod';
import { docKey, operationDocs } from './operation-docs';
import { openApiDocument } from './openapi';
import { operations } from './operations';

test('every operation is described: a response, and an example that its schema accepts', () => {
  expect(Object.keys(operationDocs).sort()).toEqual(operations.map(docKey).sort());
  for (const op of operations) {
    const doc = operationDocs[docKey(op)]!;
    if (doc.response === null) {
      expect([docKey(op), op.status]).toEqual([docKey(op), 204]);
      continue;
    }
    if (doc.response instanceof z.ZodType) expect([docKey(op), doc.response.safeParse(doc.example).error?.issues ?? []]).toEqual([docKey(op), []]);
    else if (doc.response.mediaType.endsWith('+json') && doc.response.schema) expect([docKey(op), doc.response.schema.safeParse(doc.example).error?.issues ?? []]).toEqual([docKey(op), []]);
    else if (!['text/html', 'application/json'].includes(doc.response.mediaType)) expect([docKey(op), typeof doc.example]).toEqual([docKey(op), 'string']);
    // Path examples must pass the validation "try it" meets.
    for (const [name, value] of Object.entries(doc.pathExamples ?? {})) expect([docKey(op), name, op.pathParams?.[name]?.safeParse(value).success]).toEqual([docKey(op), name, true]);
    expect(Object.keys(doc.pathExamples ?? {}).sort()).toEqual(Object.keys(op.pathParams ?? {}).sort());
  }
});

test('the document names the shared shapes once and refers to them', () => {
  const doc = openApiDocument(operations, '0.0.0');
  expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Cluster', 'Entry', 'EntryEvent', 'Liveblog', 'Revision', 'Source']));
  const text = JSON.stringify(doc);
  expect(text).not.toContain('#/$defs/');
  const entries = doc.paths['/v1/entries']?.get as { responses: Record<string, { content: Record<string, { schema: unknown; example: unknown }> }> };
  expect(entries.responses['200']!.content['application/json']!.schema).toMatchObject({ properties: { items: { items: { $ref: '#/components/schemas/Entry' } } } });
  // A date-time parameter is described by its format, not by zod's two-line regex.
  expect(text).not.toMatch(/"format":"date-time","pattern"|"pattern":"[^"]{200,}"/);
});
