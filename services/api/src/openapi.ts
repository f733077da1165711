import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Operation } from './operations';
import { RATE_LIMIT_EXEMPT } from './rate-limit';

type JsonSchema = Record<string, unknown>;

/** Requests are described as clients send them: strings before coercion, defaults not yet applied. */
const toSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
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

function parameters(op: Operation) {
  const inPath = Object.entries(op.pathParams ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: toSchema(schema) }));
  const query = op.query ? toSchema(op.query) : { properties: {} };
  const properties = (query.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query.required ?? []) as string[]);
  const inQuery = Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }));
  return [...inPath, ...inQuery];
}

function operationObject(op: Operation) {
  const responses: Record<string, unknown> = {
    [op.status]: { description: op.status === 204 ? 'done' : 'success', ...(op.status === 204 ? {} : { content: { 'application/json': {} } }) },
  };
  if (op.guard !== 'none') Object.assign(responses, { 400: errorResponse('bad input'), 404: errorResponse('unknown id') });
  if (!RATE_LIMIT_EXEMPT.has(op.path)) responses[429] = errorResponse('rate limit reached (RATE_LIMIT_PER_MINUTE)');
  if (op.guard === 'apiKey') responses[401] = errorResponse('API key missing or not valid (only when API keys are configured)');
  if (op.guard === 'admin') Object.assign(responses, { 401: errorResponse('admin token missing'), 403: errorResponse('admin token not valid') });
  return {
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    parameters: parameters(op),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(op.body) } } } } : {}),
    ...(op.guard === 'apiKey' ? { security: [{}, { apiKey: [] }, { bearer: [] }] } : {}),
    ...(op.guard === 'admin' ? { security: [{ adminToken: [] }] } : {}),
    responses,
  };
}

/** `/v1/entries/:id` → `/v1/entries/{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');

/** The OpenAPI 3.1 document of the given operations, built from the zod schemas that validate them. */
export function openApiDocument(ops: readonly Operation[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) (paths[openApiPath(op.path)] ??= {})[op.method] = operationObject(op);
  return {
    openapi: '3.1.0',
    info: { title: 'liveblog-ingest read API', version },
    paths,
    components: {
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
