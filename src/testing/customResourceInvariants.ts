import type { StepRecord } from '../core/stepRecord.js';
import {
  deadlineFixed,
  decidedBeforeDeadline,
  deliveredAsDecided,
  handlerRunsOnce,
  oneDecision,
  secretsRedacted,
  timeoutIsFailed,
  wellFormedAnswer,
} from './customResourceLogChecks.js';
import type { CustomResourceWorld } from './customResourceWorld.js';
import { invariant, type Invariant, type Violation } from './invariant.js';
import { receivedInvariants } from './customResourceReceived.js';

const located = (v: Violation): Omit<Violation, 'invariant'> => ({
  message: v.streamId === undefined ? v.message : `${v.message} (${v.streamId})`,
});

/** Wrap one of the protocol's pure log checks as a kit invariant, keeping its reference number as the name. */
function fromLogCheck(
  name: string,
  description: string,
  check: (records: readonly StepRecord[]) => Violation[],
): Invariant<CustomResourceWorld> {
  return invariant<CustomResourceWorld>(name, description, ({ records }) => check(records).map(located));
}

/** §5.1/3 — the decided body is set once and never changes (late results, Responders and duplicates included). */
const oneDecisionInvariant = fromLogCheck(
  '1 one decision',
  'a request has one decided response, fixed once made',
  oneDecision,
);
/** §5.4 — a deadline answer is FAILED and says it timed out. */
const timeoutIsFailedInvariant = fromLogCheck(
  '4 timeout is FAILED',
  'a deadline answer is a FAILED timeout',
  timeoutIsFailed,
);
/** §5.5–11 — the decided body echoes the request, has a status and reason, fits, and keeps the id rules. */
const answerShapeInvariant = fromLogCheck(
  '5-11 answer shape',
  'the decided body keeps every response rule',
  wellFormedAnswer,
);
/** §5.13 — the user's handler is asked once per request, however often the request was delivered. */
const handlerRunsOnceInvariant = fromLogCheck(
  '13 handler runs once',
  'duplicates never re-run the handler',
  handlerRunsOnce,
);
/** §5.23 — the deadline is fixed on arrival; re-deliveries never move it. */
const deadlineFixedInvariant = fromLogCheck('23 deadline fixed', 'the decide-by time never moves', deadlineFixed);
/** §5.22 — redacted records show neither the ResponseURL's signature nor a NoEcho answer's Data. */
const secretsRedactedInvariant = fromLogCheck(
  '22 secrets redacted',
  'records show no signature and no NoEcho Data once redacted',
  secretsRedacted,
);

/** §5.2 — once the decide-by time has passed on the clock, an answer is decided, and on time. */
const decidedBeforeDeadlineInvariant: Invariant<CustomResourceWorld> = invariant(
  '2 decided before deadline',
  'an answer is decided by decide-by (the deadline timer answers otherwise)',
  ({ records, now }) => decidedBeforeDeadline(records, now).map(located),
);

/** §5.1/8 — every PUT received is byte-identical to the decided body, with the provider's headers. */
const deliveredAsDecidedInvariant: Invariant<CustomResourceWorld> = invariant(
  '8 delivered as decided',
  'each PUT carries the decided bytes and correct headers',
  ({ records, world }) => deliveredAsDecided(records, world.received).map(located),
);

/**
 * The custom resource invariants checked after every step: the protocol's log checks (reference §5,
 * numbered as there) and checks of what the response endpoint received (byte-identical re-sends, ids
 * echoed, FAILED has a reason, size, physical id rules, Delete keeps its id and totality, NoEcho kept and
 * never leaked).
 * @example
 * const model = { ...customResourceModel(), invariants: customResourceInvariants };
 */
export const customResourceInvariants: readonly Invariant<CustomResourceWorld>[] = [
  oneDecisionInvariant,
  decidedBeforeDeadlineInvariant,
  timeoutIsFailedInvariant,
  answerShapeInvariant,
  handlerRunsOnceInvariant,
  deadlineFixedInvariant,
  secretsRedactedInvariant,
  deliveredAsDecidedInvariant,
  ...receivedInvariants,
];

/**
 * At the end of a run (every timer had its chance): exactly one answer was decided and delivered, or the PUT gave up at
 * the provider's deadline.
 */
const exactlyOneAnswerInvariant: Invariant<CustomResourceWorld> = invariant(
  '2 exactly one answer in the end',
  'every request is answered, once',
  ({ records, world }) => {
    const head = records.at(-1);
    if (head === undefined) return [];
    const context = head.state.context as { response?: unknown; delivery?: string; lastPutError?: string } | null;
    if (context?.response === undefined) return [{ message: `no answer decided (state ${head.stateAfter})` }];
    if (context.delivery === 'sync') return [];
    const accepted = new Set(world.received.filter((r) => r.status < 300).map((r) => r.body));
    if (accepted.size > 1) return [{ message: `${accepted.size} different bodies accepted` }];
    if (accepted.size === 0 && head.stateAfter !== 'undelivered')
      return [{ message: `nothing delivered and not given up (state ${head.stateAfter})` }];
    return [];
  },
);

/** Checked once at the end of a run. */
export const customResourceEventually: readonly Invariant<CustomResourceWorld>[] = [exactlyOneAnswerInvariant];
