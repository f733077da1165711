import createClient, { type Client } from 'openapi-fetch';
import { ApiError } from './api-error';
import type { components, paths } from './generated/api';

export type LiveblogClient = Client<paths>;
export type Entry = components['schemas']['Entry'];
export type Liveblog = components['schemas']['Liveblog'];
export type Revision = components['schemas']['Revision'];
export type Cluster = components['schemas']['Cluster'];
export type Source = components['schemas']['Source'];

export interface ClientOptions {
  /** Where the API is, e.g. http://localhost:8080. */
  baseUrl: string;
  /** A read API key (API_KEYS), sent as X-API-Key. */
  apiKey?: string;
  /** ADMIN_TOKEN, for /v1/sources and the operator routes, sent as a bearer token. */
  adminToken?: string;
  /** Defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Credentials as headers; the stream subscription sends the same ones. */
export function authHeaders({ apiKey, adminToken }: Pick<ClientOptions, 'apiKey' | 'adminToken'>): Record<string, string> {
  return { ...(apiKey ? { 'x-api-key': apiKey } : {}), ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}) };
}

/** An openapi-fetch client typed by the API's OpenAPI document: paths, parameters and bodies are checked. */
export function createLiveblogClient(options: ClientOptions): LiveblogClient {
  return createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), headers: authHeaders(options), ...(options.fetch ? { fetch: options.fetch } : {}) });
}

/** openapi-fetch's result, as the data of a success or a thrown ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.from(response, error);
  return data as T;
}
