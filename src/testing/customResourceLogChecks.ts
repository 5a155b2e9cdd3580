import type { Json, StepRecord } from '../core/stepRecord.js';
import { maxPhysicalIdBytes, utf8Length } from '../protocol/customResource/physicalId.js';
import { groupCustomResourceStreams } from './customResourceStreams.js';
import type { Violation } from './invariant.js';
import { cancelledCreateCompensated, deleteTotality, replacementRecorded } from './customResourceLifecycleChecks.js';
import { redactCustomResource } from '../protocol/redaction.js';
import type { CustomResourceProvider } from '../protocol/customResource/request.js';
import {
  MAX_RESPONSE_BYTES,
  serializeResponseBody,
  type ResponseBody,
} from '../protocol/customResource/responseBody.js';

/** A PUT as the receiving end saw it. */
export interface ObservedResponse {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The status the receiver replied with; 2xx = accepted. */
  readonly status?: number;
}

/** The fields of a custom resource instance's context the invariants read. */
interface CrContext {
  readonly provider: CustomResourceProvider;
  readonly event: { readonly [key: string]: Json };
  readonly responseUrl?: string;
  readonly decideBy: number;
  readonly deliverBy: number;
  readonly response?: ResponseBody;
  readonly decidedBy?: string;
}

const ctx = (record: StepRecord) => record.state.context as unknown as CrContext;
const str = (value: Json | undefined) => (typeof value === 'string' ? value : undefined);

function perStream(
  invariant: string,
  check: (records: readonly StepRecord[], report: (message: string) => void) => void,
): (records: readonly StepRecord[]) => Violation[] {
  return (records) => {
    const out: Violation[] = [];
    for (const [streamId, stream] of groupCustomResourceStreams(records))
      check(stream, (message) => out.push({ invariant, streamId, message }));
    return out;
  };
}

/** 1/3 — one decision per request: the response is set once and never changes afterwards. */
export const oneDecision = perStream('1 one decision', (stream, report) => {
  let decided: string | undefined;
  for (const record of stream) {
    const response = ctx(record).response;
    if (response === undefined) {
      if (decided !== undefined) report(`response vanished at version ${record.version}`);
      continue;
    }
    const text = serializeResponseBody(response);
    if (decided !== undefined && text !== decided) report(`response changed at version ${record.version}`);
    decided ??= text;
  }
});

/**
 * 2 — every request whose decide-by time has passed (by `now`) has decided; on time unless the deadline timer itself
 * decided.
 */
export function decidedBeforeDeadline(records: readonly StepRecord[], now: number): Violation[] {
  const out: Violation[] = [];
  for (const [streamId, stream] of groupCustomResourceStreams(records)) {
    const first = stream.findIndex((r) => ctx(r).response !== undefined);
    const head = ctx(stream[stream.length - 1]!);
    if (first < 0) {
      if (now >= head.decideBy)
        out.push({
          invariant: '2 decided before deadline',
          streamId,
          message: `no answer decided by ${head.decideBy} (now ${now})`,
        });
      continue;
    }
    const step = stream[first]!;
    if (step.at > head.decideBy && !(step.origin.kind === 'timer' && ctx(step).decidedBy === 'deadline')) {
      out.push({
        invariant: '2 decided before deadline',
        streamId,
        message: `decided at ${step.at}, after ${head.decideBy}`,
      });
    }
  }
  return out;
}

/** 4 — a deadline answer is FAILED and says it timed out. */
export const timeoutIsFailed = perStream('4 timeout is FAILED', (stream, report) => {
  const c = ctx(stream[stream.length - 1]!);
  if (c.decidedBy === 'deadline' && (c.response?.Status !== 'FAILED' || !/timed out/.test(c.response.Reason ?? '')))
    report('deadline answer is not a FAILED timeout');
});

/** 5/6/7/9/10/11 — the decided body echoes the request, has a valid status and reason, fits, and keeps the id rules. */
export const wellFormedAnswer = perStream('5-11 answer shape', (stream, report) => {
  const c = ctx(stream[stream.length - 1]!);
  const r = c.response;
  if (r === undefined) return;
  for (const key of ['StackId', 'RequestId', 'LogicalResourceId'] as const)
    if (r[key] !== str(c.event[key])) report(`5: ${key} is not echoed`);
  if (r.Status !== 'SUCCESS' && r.Status !== 'FAILED') report(`6: status ${String(r.Status)}`);
  if (r.Status === 'FAILED' && (r.Reason ?? '').trim() === '') report('6: FAILED without a Reason');
  const bytes = utf8Length(serializeResponseBody(r));
  if (bytes > MAX_RESPONSE_BYTES) report(`7: body is ${bytes} bytes`);
  if (r.PhysicalResourceId === '' || utf8Length(r.PhysicalResourceId) > maxPhysicalIdBytes(c.provider))
    report('9: PhysicalResourceId empty or too long');
  const type = str(c.event['RequestType']);
  const requested = str(c.event['PhysicalResourceId']);
  if (type === 'Delete' && r.PhysicalResourceId !== requested)
    report(`10: Delete answered ${r.PhysicalResourceId}, asked ${String(requested)}`);
  if (c.provider === 'ros' && type === 'Update' && r.PhysicalResourceId !== requested)
    report('11: ROS Update changed the id');
});

/** 13 — the user's handler is invoked at most once per request, however often it was delivered. */
export const handlerRunsOnce = perStream('13 handler runs once', (stream, report) => {
  const calls = stream.flatMap((r) => r.commands).filter((c) => c.kind === 'invokeHandler').length;
  if (calls > 1) report(`handler invoked ${calls} times`);
});

/** 23 — the deadline is fixed when the request arrives; later deliveries do not move it. */
export const deadlineFixed = perStream('23 deadline fixed', (stream, report) => {
  const first = ctx(stream[0]!);
  for (const record of stream)
    if (ctx(record).decideBy !== first.decideBy || ctx(record).deliverBy !== first.deliverBy)
      report(`deadline moved at version ${record.version}`);
});

/** 22 — after redaction, no record shows a ResponseURL's signature, nor a Data value of a NoEcho answer. */
export const secretsRedacted = perStream('22 secrets redacted', (stream, report) => {
  const head = ctx(stream[stream.length - 1]!);
  const noEcho = head.response?.NoEcho === true;
  const urls = stream.map((r) => ctx(r).responseUrl).filter((u): u is string => u !== undefined && u.includes('?'));
  const values = noEcho
    ? Object.values(head.response?.Data ?? {})
        .map((v) => JSON.stringify(v).replace(/^"|"$/g, ''))
        .filter((v) => v.length >= 6)
    : [];
  for (const record of stream) {
    const shown = JSON.stringify(redactCustomResource(record, { noEcho }));
    for (const url of urls)
      if (shown.includes(url.slice(url.indexOf('?'))))
        report(`ResponseURL signature visible at version ${record.version}`);
    for (const value of values)
      if (shown.includes(value)) report(`NoEcho Data value visible at version ${record.version}`);
  }
});

/**
 * 1/8 — what the receiver got: each PUT byte-identical to the decided body, correctly sized and typed for its provider.
 */
export function deliveredAsDecided(records: readonly StepRecord[], received: readonly ObservedResponse[]): Violation[] {
  const out: Violation[] = [];
  const decided = new Map<string, { instanceId: string; provider: CustomResourceProvider; body: string }>();
  for (const [streamId, stream] of groupCustomResourceStreams(records)) {
    const c = ctx(stream[stream.length - 1]!);
    if (c.response !== undefined)
      decided.set(`${c.response.StackId}\u0000${c.response.RequestId}`, {
        instanceId: streamId,
        provider: c.provider,
        body: serializeResponseBody(c.response),
      });
  }
  for (const response of received) {
    const report = (message: string, instanceId?: string) =>
      out.push({
        invariant: '8 delivered as decided',
        ...(instanceId === undefined ? {} : { streamId: instanceId }),
        message,
      });
    let parsed: { StackId?: string; RequestId?: string };
    try {
      parsed = JSON.parse(response.body) as typeof parsed;
    } catch {
      report('body is not JSON');
      continue;
    }
    const match = decided.get(`${parsed.StackId ?? ''}\u0000${parsed.RequestId ?? ''}`);
    if (match === undefined) {
      report(`PUT for a request with no decided answer (${parsed.RequestId ?? '?'})`);
      continue;
    }
    if (response.method !== 'PUT') report(`method ${response.method}`, match.instanceId);
    if (response.body !== match.body) report('PUT body differs from the decided body', match.instanceId);
    if (response.headers['content-length'] !== String(utf8Length(response.body)))
      report('Content-Length is not the UTF-8 byte length', match.instanceId);
    if (match.provider === 'cloudformation' && response.headers['content-type'] !== '')
      report('CloudFormation Content-Type is not empty', match.instanceId);
    if (match.provider === 'ros') {
      if (response.headers['content-type'] !== 'application/json')
        report('ROS Content-Type is not application/json', match.instanceId);
      if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(response.headers['date'] ?? ''))
        report('ROS Date is not an RFC 1123 GMT date', match.instanceId);
    }
  }
  return out;
}

/**
 * Every custom resource invariant over an event log and what the response endpoint received.
 * @example
 * expect(checkCustomResourceInvariants(records, inbox.received, { now: clock.now() })).toEqual([]);
 */
export function checkCustomResourceInvariants(
  records: readonly StepRecord[],
  received: readonly ObservedResponse[],
  options: { now: number },
): Violation[] {
  return [
    ...oneDecision(records),
    ...decidedBeforeDeadline(records, options.now),
    ...timeoutIsFailed(records),
    ...wellFormedAnswer(records),
    ...handlerRunsOnce(records),
    ...deadlineFixed(records),
    ...secretsRedacted(records),
    ...deliveredAsDecided(records, received),
    ...replacementRecorded(records),
    ...deleteTotality(records),
    ...cancelledCreateCompensated(records),
  ];
}

export { groupCustomResourceStreams } from './customResourceStreams.js';
export { cancelledCreateCompensated, deleteTotality, replacementRecorded } from './customResourceLifecycleChecks.js';
