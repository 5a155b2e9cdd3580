import type { Json, StepRecord } from '../core/stepRecord.js';
import { maxPhysicalIdBytes, utf8Length } from '../protocol/customResource/physicalId.js';
import { redactCustomResource } from '../protocol/redaction.js';
import type { CustomResourceProvider } from '../protocol/customResource/request.js';
import { MAX_RESPONSE_BYTES } from '../protocol/customResource/responseBody.js';
import type { CustomResourceWorld } from './customResourceWorld.js';
import { invariant, type Invariant } from './invariant.js';

// These read what the provider would see (the PUTs), not the log: a bug between the decision and the
// wire (serialisation, a re-send that rebuilds the body, a header) only shows here.

interface RequestFacts {
  readonly provider: CustomResourceProvider;
  readonly event: { readonly [key: string]: Json };
  readonly skipHandler?: string;
  readonly decidedBy?: string;
}

interface Body {
  readonly Status?: unknown;
  readonly Reason?: unknown;
  readonly PhysicalResourceId?: unknown;
  readonly StackId?: unknown;
  readonly RequestId?: unknown;
  readonly LogicalResourceId?: unknown;
  readonly NoEcho?: unknown;
  readonly Data?: unknown;
}

const facts = (records: readonly StepRecord[]) => records.at(-1)?.state.context as RequestFacts | undefined;

function accepted(world: CustomResourceWorld): { body: Body; bytes: number; text: string }[] {
  return world.received
    .filter((r) => r.status < 300)
    .flatMap((r) => {
      try {
        return [{ body: JSON.parse(r.body) as Body, bytes: utf8Length(r.body), text: r.body }];
      } catch {
        return [];
      }
    });
}

/** Build an invariant over the accepted PUT bodies of the request under test. */
function overBodies(
  name: string,
  description: string,
  check: (body: Body, request: RequestFacts, bytes: number) => string | undefined,
): Invariant<CustomResourceWorld> {
  return invariant<CustomResourceWorld>(name, description, ({ records, world }) => {
    const request = facts(records);
    if (request === undefined) return [];
    return accepted(world).flatMap(({ body, bytes }) => {
      const problem = check(body, request, bytes);
      return problem === undefined ? [] : [{ message: problem }];
    });
  });
}

/** §5.1 — every PUT the provider accepted for the request carries the same bytes. */
const resendsIdentical: Invariant<CustomResourceWorld> = invariant(
  '1 re-sends byte-identical',
  'every PUT of one request carries the same bytes',
  ({ world }) => {
    const bodies = new Set(accepted(world).map((b) => b.text));
    return bodies.size > 1
      ? [{ message: `${bodies.size} different bodies PUT: ${[...bodies].map((b) => b.slice(0, 120)).join(' | ')}` }]
      : [];
  },
);

/** §5.5 — StackId, RequestId and LogicalResourceId are echoed byte for byte. */
const idsEchoed = overBodies('5 ids echoed', 'the answer echoes the request ids', (body, request) => {
  const wrong = (['StackId', 'RequestId', 'LogicalResourceId'] as const).filter((k) => body[k] !== request.event[k]);
  return wrong.length === 0 ? undefined : `${wrong.join(', ')} not echoed`;
});

/** §5.6 — Status is SUCCESS or FAILED, and a FAILED answer has a non-empty Reason. */
const failedHasReason = overBodies('6 FAILED has a reason', 'a FAILED answer says why', (body) => {
  if (body.Status !== 'SUCCESS' && body.Status !== 'FAILED') return `Status ${String(body.Status)}`;
  return body.Status === 'FAILED' && (typeof body.Reason !== 'string' || body.Reason.trim() === '')
    ? 'FAILED without a Reason'
    : undefined;
});

/** §5.7 — the body is at most 4096 UTF-8 bytes. */
const bodyFits = overBodies('7 body at most 4096 bytes', 'the provider accepts the body', (_body, _request, bytes) =>
  bytes > MAX_RESPONSE_BYTES ? `body is ${bytes} bytes` : undefined,
);

/** §5.9 — the PhysicalResourceId is present, non-empty and within the provider's limit, in every answer. */
const physicalIdWellFormed = overBodies(
  '9 physical id well-formed',
  'every answer has a usable PhysicalResourceId',
  (body, request) => {
    const id = body.PhysicalResourceId;
    if (typeof id !== 'string' || id === '') return 'PhysicalResourceId missing or empty';
    return utf8Length(id) > maxPhysicalIdBytes(request.provider)
      ? `PhysicalResourceId is ${utf8Length(id)} bytes`
      : undefined;
  },
);

/** §5.10 — a Delete is answered with the id it was given (SUCCESS and FAILED alike). */
const deleteKeepsId = overBodies('10 Delete keeps its id', 'a Delete never changes the id', (body, request) =>
  request.event['RequestType'] === 'Delete' && body.PhysicalResourceId !== request.event['PhysicalResourceId']
    ? `Delete of ${JSON.stringify(request.event['PhysicalResourceId'])} answered ${String(body.PhysicalResourceId)}`
    : undefined,
);

/** §5.11 — ROS cannot replace on Update: the id stays. */
const rosUpdateKeepsId = overBodies(
  '11 ROS Update keeps its id',
  'ROS Update answers the id it was given',
  (body, request) =>
    request.provider === 'ros' &&
    request.event['RequestType'] === 'Update' &&
    body.PhysicalResourceId !== request.event['PhysicalResourceId']
      ? `ROS Update of ${JSON.stringify(request.event['PhysicalResourceId'])} ` +
        `answered ${String(body.PhysicalResourceId)}`
      : undefined,
);

/** §5.15 — a Delete the runtime answers without user code (nothing was created) is SUCCESS. */
export const deleteTotality = overBodies(
  '15 Delete totality',
  'a Delete of something never created succeeds',
  (body, request) =>
    request.event['RequestType'] === 'Delete' && request.skipHandler !== undefined && body.Status !== 'SUCCESS'
      ? `Delete answered ${String(body.Status)} although nothing was created (${request.skipHandler})`
      : undefined,
);

/** Secret values of the handler's NoEcho answers (CloudFormation only: ROS has no NoEcho). */
function secrets(records: readonly StepRecord[], world: CustomResourceWorld): string[] {
  if (facts(records)?.provider !== 'cloudformation') return [];
  return world.handlerAnswers
    .filter((a) => a.noEcho && a.status === 'SUCCESS')
    .flatMap((a) => Object.values(a.data ?? {}))
    .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    .filter((v) => v.length >= 8);
}

/** §5.22 — when the handler answered NoEcho, the delivered SUCCESS answer says NoEcho too. */
const noEchoKept: Invariant<CustomResourceWorld> = invariant(
  '22 NoEcho kept',
  'a NoEcho answer is delivered as NoEcho',
  ({ records, world }) => {
    const request = facts(records);
    if (request?.provider !== 'cloudformation' || request.decidedBy !== 'handler') return [];
    const asked = world.handlerAnswers.some((a) => a.noEcho && a.status === 'SUCCESS');
    if (!asked) return [];
    return accepted(world)
      .filter(({ body }) => body.Status === 'SUCCESS' && body.NoEcho !== true)
      .map(() => ({ message: 'the handler answered NoEcho; the delivered answer does not say NoEcho' }));
  },
);

/** §5.22 — no Data value of a NoEcho answer appears in any record once redacted (what logs and the timeline show). */
const noEchoNeverLeaked: Invariant<CustomResourceWorld> = invariant(
  '22 NoEcho never leaked',
  'NoEcho Data never shows in redacted records',
  ({ records, world }) => {
    const values = secrets(records, world);
    if (values.length === 0) return [];
    return records.flatMap((record) => {
      const shown = JSON.stringify(redactCustomResource(record));
      return values
        .filter((v) => shown.includes(v))
        .map((v) => ({ message: `NoEcho value "${v.slice(0, 24)}" visible`, version: record.version }));
    });
  },
);

/** Invariants over what the response endpoint received. */
export const receivedInvariants: readonly Invariant<CustomResourceWorld>[] = [
  resendsIdentical,
  idsEchoed,
  failedHasReason,
  bodyFits,
  physicalIdWellFormed,
  deleteKeepsId,
  rosUpdateKeepsId,
  deleteTotality,
  noEchoKept,
  noEchoNeverLeaked,
];
