import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { docKey, operationDocs, type OperationDoc } from './operation-docs';
import type { Operation } from './operations';
import { RATE_LIMIT_EXEMPT } from './rate-limit';

type JsonSchema = Record<string, unknown>;

/**
 * Requests are described as clients send them: strings before coercion, defaults not yet applied;
 * responses as they are sent. A date-time's format says it all: its long regex only hides it.
 */
const toSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: ({ jsonSchema }) => {
    if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
  } });
  return rest;
};

const errorResponse = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
});

function parameters(op: Operation, doc: OperationDoc) {
  const inPath = Object.entries(op.pathParams ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: toSchema(schema), example: doc.pathExamples?.[name] }));
  const query = op.query ? toSchema(op.query) : { properties: {} };
  const properties = (query.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query.required ?? []) as string[]);
  const inQuery = Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }));
  return [...inPath, ...inQuery];
}

/**
 * A response schema with its named parts (views given a meta id) moved into `components`, so that the
 * reference shows each shape once and generated clients name them.
 */
function responseSchema(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  const { $defs, ...rest } = toSchema(schema, 'output');
  const named = JSON.parse(JSON.stringify({ rest, $defs: $defs ?? {} }).replaceAll('"#/$defs/', '"#/components/schemas/')) as { rest: JsonSchema; $defs: Record<string, JsonSchema> };
  Object.assign(components, named.$defs);
  return named.rest;
}

function success(doc: OperationDoc, status: number, components: Record<string, JsonSchema>) {
  const example = doc.example === undefined ? {} : { example: doc.example };
  if (doc.response === null) return { description: status === 204 ? 'done' : 'success' };
  if ('mediaType' in doc.response && doc.response.schema && /[/+]json$/.test(doc.response.mediaType)) {
    // A JSON body under its own media type (a JSON Feed) is described by its schema, as application/json is.
    return { description: doc.response.description, content: { [doc.response.mediaType]: { schema: responseSchema(doc.response.schema, components), ...example } } };
  }
  if ('mediaType' in doc.response) {
    // A text body (HTML, an event stream) is a string; the JSON its parts carry (each event's `data`) is
    // its JSON Schema `contentSchema`, so that the text example conforms and the shape is still named.
    const parts = doc.response.schema ? { contentMediaType: doc.response.mediaType, contentSchema: responseSchema(doc.response.schema, components) } : {};
    return { description: doc.response.description, content: { [doc.response.mediaType]: { schema: { type: 'string', ...parts }, ...example } } };
  }
  return { description: 'success', content: { 'application/json': { schema: responseSchema(doc.response, components), ...example } } };
}

/** Who may call: open routes say so with an empty list, which tools read as "no credentials". */
const SECURITY: Record<Operation['guard'], Record<string, string[]>[]> = {
  none: [],
  apiKey: [{}, { apiKey: [] }, { bearer: [] }],
  admin: [{ adminToken: [] }],
};

function operationObject(op: Operation, components: Record<string, JsonSchema>) {
  // An operation not yet described still appears; openapi.test.ts fails until it is.
  const doc = operationDocs[docKey(op)] ?? { response: null };
  const responses: Record<string, unknown> = { [op.status]: success(doc, op.status, components) };
  if (op.conditional) responses[304] = { description: 'not modified since the ETag (If-None-Match) or time (If-Modified-Since) sent' };
  if (op.guard !== 'none') Object.assign(responses, { 400: errorResponse('bad input'), 404: errorResponse('unknown id') });
  if (!RATE_LIMIT_EXEMPT.has(op.path)) responses[429] = errorResponse('rate limit reached (RATE_LIMIT_PER_MINUTE)');
  if (op.guard === 'apiKey') responses[401] = errorResponse('API key missing or not valid (only when API keys are configured)');
  if (op.guard === 'admin') Object.assign(responses, { 401: errorResponse('admin token missing'), 403: errorResponse('admin token not valid') });
  // Node refuses a request line and headers over 16 KiB before any route runs: the one client error an
  // open, uncounted route (/healthz, /readyz) can answer.
  if (!Object.keys(responses).some((status) => status.startsWith('4'))) responses[431] = errorResponse('request line and headers over 16 KiB');
  return {
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    parameters: parameters(op, doc),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(op.body) } } } } : {}),
    security: SECURITY[op.guard],
    responses,
  };
}

/** `/v1/entries/:id` → `/v1/entries/{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');

/** The OpenAPI 3.1 document of the given operations, built from the zod schemas that validate them. */
export function openApiDocument(ops: readonly Operation[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = {};
  for (const op of ops) (paths[openApiPath(op.path)] ??= {})[op.method] = operationObject(op, schemas);
  return {
    openapi: '3.1.0',
    info: { title: 'liveblog-ingest read API', version, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    // Relative: the API that serves this document, wherever it runs (Swagger UI's "Try it out" too).
    servers: [{ url: '/', description: 'the API serving this document' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer', description: 'a read API key' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
      },
    },
  };
}

/** The api package's version, from src/ and dist/ alike. */
export const packageVersion = (): string => (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
