import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Which header set a custom resource answer is PUT with. */
export type ResponseDialect = 'cloudformation' | 'ros';

/** The outcome of one PUT: `retryable` for network errors, 5xx and 429; anything else is final. */
export interface PutOutcome {
  readonly ok: boolean;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly error?: string;
}

/** Options of one PUT. */
export interface PutOptions {
  readonly dialect: ResponseDialect;
  /** Epoch ms for ROS's `Date` header (from the runtime's clock). */
  readonly now: number;
  /** Give up on an attempt after this long; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * The headers of an answer: CloudFormation's reference implementations send an empty Content-Type;
 * ROS wants `application/json` and a GMT `Date`. Content-Length is always the UTF-8 byte length.
 */
export function responseHeaders(body: string, options: Pick<PutOptions, 'dialect' | 'now'>): Record<string, string> {
  const length = String(Buffer.byteLength(body, 'utf8'));
  return options.dialect === 'cloudformation'
    ? { 'content-type': '', 'content-length': length }
    : { 'content-type': 'application/json', date: new Date(options.now).toUTCString(), 'content-length': length };
}

/**
 * PUT one custom resource answer to a presigned ResponseURL (query string kept, it is the signature) and
 * check the HTTP status. Never throws: every failure is an outcome the machine decides on.
 * @example
 * const outcome = await putCustomResourceResponse(url, body, { dialect: 'cloudformation', now: Date.now() });
 */
export function putCustomResourceResponse(url: string, body: string, options: PutOptions): Promise<PutOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    return Promise.resolve({
      ok: false,
      retryable: false,
      error: `ResponseURL is not a URL: ${(error as Error).message}`,
    });
  }
  const send = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
  if (send === undefined)
    return Promise.resolve({ ok: false, retryable: false, error: `unsupported ResponseURL scheme ${target.protocol}` });
  return new Promise<PutOutcome>((resolve) => {
    const req = send(
      {
        method: 'PUT',
        hostname: target.hostname,
        port: target.port === '' ? undefined : Number(target.port),
        path: `${target.pathname}${target.search}`,
        headers: responseHeaders(body, options),
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve({
            ok,
            retryable: !ok && (status >= 500 || status === 429),
            httpStatus: status,
            ...(ok ? {} : { error: `HTTP ${status}` }),
          });
        });
        res.on('error', (error) => resolve({ ok: false, retryable: true, error: `response stream: ${error.message}` }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', (error) => resolve({ ok: false, retryable: true, error: `network: ${error.message}` }));
    req.end(body);
  });
}
