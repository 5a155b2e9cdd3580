import type { AppRunner } from '../local/chalice/appRunner.js';
import { gatewayOf } from '../local/chalice/localGateway.js';
import { gatewayRequestOf } from '../local/chalice/proxyEvents.js';

/** Options of one test request. */
export interface HttpRequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** What a test request answers: status, headers (lower-case names; repeated ones joined by `, `), body. */
export interface HttpTestResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly jsonBody: unknown;
}

/**
 * `client.http`: requests to the app's routes through the same gateway as the local API server (route
 * matching, CORS, authorizers, a recorded invocation per request), in process with no socket.
 * @example
 * const headers = { 'Content-Type': 'application/json' };
 * const response = await client.http.post('/objects/a', { headers, body: '{}' });
 */
export class HttpTestClient {
  constructor(private readonly runner: AppRunner) {}

  get(path: string, options?: HttpRequestOptions): Promise<HttpTestResponse> {
    return this.request('GET', path, options);
  }
  post(path: string, options?: HttpRequestOptions): Promise<HttpTestResponse> {
    return this.request('POST', path, options);
  }
  put(path: string, options?: HttpRequestOptions): Promise<HttpTestResponse> {
    return this.request('PUT', path, options);
  }
  delete(path: string, options?: HttpRequestOptions): Promise<HttpTestResponse> {
    return this.request('DELETE', path, options);
  }
  patch(path: string, options?: HttpRequestOptions): Promise<HttpTestResponse> {
    return this.request('PATCH', path, options);
  }
  head(path: string, options?: HttpRequestOptions): Promise<HttpTestResponse> {
    return this.request('HEAD', path, options);
  }
  options(path: string, options?: HttpRequestOptions): Promise<HttpTestResponse> {
    return this.request('OPTIONS', path, options);
  }

  async request(method: string, path: string, options: HttpRequestOptions = {}): Promise<HttpTestResponse> {
    const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(options.body);
    const headers = Object.entries(options.headers ?? {});
    const response = await gatewayOf(this.runner).handle(gatewayRequestOf(method, path, headers, body));
    const merged: Record<string, string> = {};
    for (const [name, value] of response.headers) {
      const key = name.toLowerCase();
      merged[key] = merged[key] === undefined ? value : `${merged[key]}, ${value}`;
    }
    const text = response.body.toString('utf8');
    let jsonBody: unknown;
    try {
      jsonBody = text === '' ? undefined : JSON.parse(text);
    } catch {
      jsonBody = undefined;
    }
    return { statusCode: response.statusCode, headers: merged, body: response.body, text, jsonBody };
  }
}
