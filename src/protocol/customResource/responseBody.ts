import type { Json } from '../../core/stepRecord.js';
import { deterministicPhysicalId, physicalIdProblem, utf8Length } from './physicalId.js';
import type { CustomResourceProvider, RequestType } from './request.js';

/** Largest response body both providers accept, in UTF-8 bytes (inclusive). */
export const MAX_RESPONSE_BYTES = 4096;

/** The request fields a response depends on. */
export interface RequestEcho {
  readonly provider: CustomResourceProvider;
  readonly RequestType: RequestType;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
}

/** What a handler (or the runtime) proposes to answer, before the protocol rules are applied. */
export interface ResponseCandidate {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly PhysicalResourceId?: string;
  readonly Reason?: string;
  readonly Data?: { readonly [key: string]: Json };
  readonly NoEcho?: boolean;
}

/** The response body exactly as it is PUT; key order is fixed so every re-send is byte-identical. */
export interface ResponseBody {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly NoEcho?: boolean;
  readonly Data?: { readonly [key: string]: Json };
}

/** Serialise a decided body; the one place a body becomes bytes. */
export function serializeResponseBody(body: ResponseBody): string {
  return JSON.stringify(body);
}

/**
 * Apply every response rule to a candidate: PhysicalResourceId never empty (deterministic on Create),
 * unchanged on Delete and on ROS Update, Reason present on FAILED, the whole body at most 4096 bytes
 * (oversized Data becomes a FAILED answer saying so; Reason is cut in the middle, keeping head and tail).
 * @example
 * decideResponseBody(echo, { Status: 'SUCCESS', PhysicalResourceId: 'db-1', Data: { Arn: 'x' } });
 */
export function decideResponseBody(request: RequestEcho, candidate: ResponseCandidate): ResponseBody {
  const fallbackId =
    request.PhysicalResourceId ??
    deterministicPhysicalId(request.StackId, request.LogicalResourceId, request.RequestId);
  let status = candidate.Status;
  let reason = candidate.Reason;
  let data = candidate.Data;
  let id = candidate.PhysicalResourceId ?? fallbackId;
  const refuse = (why: string) => {
    status = 'FAILED';
    reason = reason === undefined || candidate.Status === 'SUCCESS' ? why : `${why}; handler reason: ${reason}`;
    data = undefined;
    id = fallbackId;
  };
  const problem = physicalIdProblem(request.provider, id);
  if (problem !== undefined) refuse(problem);
  else if (request.RequestType === 'Delete' && id !== request.PhysicalResourceId) {
    refuse(
      `a Delete must answer with the PhysicalResourceId it was ` +
        `given (${String(request.PhysicalResourceId)}), not ${id}`,
    );
  } else if (request.provider === 'ros' && request.RequestType === 'Update' && id !== request.PhysicalResourceId) {
    refuse(
      `ROS cannot replace a resource on Update: PhysicalResourceId ` +
        `must stay ${String(request.PhysicalResourceId)}, not ${id}`,
    );
  }
  if (status === 'FAILED' && (reason === undefined || reason.trim().length === 0))
    reason = 'the handler reported a failure without a reason';
  if (status === 'FAILED') data = undefined;
  const noEcho = request.provider === 'cloudformation' && candidate.NoEcho === true ? true : undefined;
  const build = (r: string | undefined, d: ResponseBody['Data']): ResponseBody => ({
    Status: status,
    ...(r === undefined ? {} : { Reason: r }),
    PhysicalResourceId: id,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
    ...(noEcho === undefined ? {} : { NoEcho: noEcho }),
    ...(d === undefined ? {} : { Data: d }),
  });
  let body = build(reason, data);
  const size = utf8Length(serializeResponseBody(body));
  if (size <= MAX_RESPONSE_BYTES) return body;
  if (data !== undefined) {
    status = 'FAILED';
    const keys = Object.keys(data).join(', ');
    reason =
      `Response object is too long: ${size} bytes, over ` +
      `the ${MAX_RESPONSE_BYTES}-byte limit; return less Data (keys: ${keys})`;
    data = undefined;
    body = build(reason, undefined);
  }
  return fitReason(body, build);
}

function fitReason(
  body: ResponseBody,
  build: (reason: string | undefined, data: undefined) => ResponseBody,
): ResponseBody {
  const reason = body.Reason ?? '';
  const withoutReason = utf8Length(serializeResponseBody(build('', undefined)));
  let budget = MAX_RESPONSE_BYTES - withoutReason;
  for (;;) {
    const candidate = build(truncateMiddle(reason, budget), undefined);
    const over = utf8Length(serializeResponseBody(candidate)) - MAX_RESPONSE_BYTES;
    // The echoed fields alone cannot exceed the limit (ids are bounded), but never loop on bad input.
    if (over <= 0 || budget <= 0) return candidate;
    budget -= over; // JSON escapes made the text longer than its raw bytes
  }
}

/**
 * Cut `text` to at most `maxBytes` UTF-8 bytes, keeping about two thirds from the head and one third
 * from the tail (the error's start and the request/log pointer at its end), never splitting a character.
 * @example
 * truncateMiddle('a'.repeat(100), 40); // 'aaaa… [73 bytes cut] …aaaa' (head and tail kept)
 */
export function truncateMiddle(text: string, maxBytes: number): string {
  const total = utf8Length(text);
  if (total <= maxBytes) return text;
  const chars = [...text];
  const sizes = chars.map((c) => utf8Length(c));
  const marker = (n: number) => ` … [${n} bytes cut] … `;
  const room = Math.max(0, maxBytes - utf8Length(marker(total)));
  const headRoom = Math.floor((room * 2) / 3);
  let i = 0;
  let headBytes = 0;
  while (i < chars.length && headBytes + sizes[i]! <= headRoom) headBytes += sizes[i++]!;
  let j = chars.length;
  let tailBytes = 0;
  while (j > i && headBytes + tailBytes + sizes[j - 1]! <= room) tailBytes += sizes[--j]!;
  const result = `${chars.slice(0, i).join('')}${marker(total - headBytes - tailBytes)}${chars.slice(j).join('')}`;
  if (utf8Length(result) <= maxBytes) return result;
  // Too small a budget for the marker: keep as much of the head as fits.
  let k = 0;
  let bytes = 0;
  while (k < chars.length && bytes + sizes[k]! <= maxBytes) bytes += sizes[k++]!;
  return chars.slice(0, k).join('');
}
