import { z } from 'zod';
import type { CommandOutcomeEvent } from '../../src/core/stepProtocol.js';
import type { Json } from '../../src/core/stepRecord.js';
import type { CustomResourceProvider } from '../../src/protocol/customResource/request.js';
import type { ResponseBody, ResponseCandidate } from '../../src/protocol/customResource/responseBody.js';

/** An answer proposed by the handler, a poll or a Responder. */
type AnswerOutcome = { readonly kind: 'answer' } & ResponseCandidate;

/** What calling the user's create/update/delete produced. */
export type HandlerOutcome =
  | AnswerOutcome
  | { readonly kind: 'defer' }
  /** Started; `isComplete` will be polled. `state` is handed to every poll. */
  | {
      readonly kind: 'poll';
      readonly PhysicalResourceId?: string;
      readonly Data?: { readonly [k: string]: Json };
      readonly NoEcho?: boolean;
      readonly state?: Json;
    };

/** What one `isComplete` poll produced. */
export type PollOutcome = AnswerOutcome | { readonly kind: 'pending'; readonly state?: Json };

/** How the answer reaches the provider: a PUT to ResponseURL, or the reply of a ROS sync HTTP call. */
export type Delivery = 'put' | 'sync';

/** Input of one request's instance; built at the edge from a validated request. */
export interface CustomResourceInput {
  readonly provider: CustomResourceProvider;
  /** Name of the registered handler that serves this request. */
  readonly handler: string;
  /** The request as the handler sees it (validated, properties as sent). */
  readonly event: { readonly [key: string]: Json };
  /** Set when the request is answerable but malformed: it is answered FAILED with this reason. */
  readonly invalid?: string;
  /** Set when a Delete is answered SUCCESS without user code, saying why. */
  readonly skipHandler?: string;
  readonly delivery: Delivery;
  readonly responseUrl?: string;
  readonly receivedAt: number;
  readonly timeoutSeconds: number;
  readonly poll?: { readonly intervalSeconds: number; readonly totalTimeoutSeconds: number };
}

/** Why the decided answer is what it is. */
export type DecidedBy =
  | 'handler'
  | 'responder'
  | 'poll'
  | 'deadline'
  | 'poll-timeout'
  | 'invalid-request'
  | 'skipped-delete'
  | 'handler-fault';

/** The machine's context: everything needed to resume, re-send and audit one request. */
export interface CustomResourceContext extends Omit<CustomResourceInput, 'poll'> {
  /** Decide by this time (deadline minus safety margin), fixed at arrival. */
  readonly decideBy: number;
  /** The provider's own deadline; PUT retries stop here. */
  readonly deliverBy: number;
  readonly pollConfig?: { readonly intervalMs: number; readonly totalMs: number };
  readonly poll?: {
    readonly until: number;
    readonly attempts: number;
    readonly state?: Json;
    readonly PhysicalResourceId?: string;
    readonly Data?: { readonly [k: string]: Json };
    readonly NoEcho?: boolean;
  };
  /**
   * The one decided body. Stored as an object (not text) so redaction can reach Data; serialised identically on every
   * PUT.
   */
  readonly response?: ResponseBody;
  readonly decidedBy?: DecidedBy;
  /** The handler's id differed on a CloudFormation Update: the provider will Delete this old id later. */
  readonly replacedPhysicalId?: string;
  /** A Delete with an id this runtime never answered arrived while this Create ran: the stack rolled back. */
  readonly cancelledBy?: string;
  /** Deleting what a cancelled Create made anyway: pending, done, or why it failed. */
  readonly compensation?: string;
  readonly putAttempts: number;
  readonly lastPutError?: string;
  readonly duplicates: number;
  /** Handler, poll or Responder results that arrived after the decision (recorded, never acted on). */
  readonly lateResults: number;
}

/** Every event the machine handles. `at` is the executor's clock reading. */
export type CustomResourceEvent =
  | { readonly type: 'handlerResult'; readonly outcome: HandlerOutcome; readonly at: number }
  | { readonly type: 'pollResult'; readonly outcome: PollOutcome; readonly at: number }
  | { readonly type: 'respond'; readonly answer: ResponseCandidate }
  | { readonly type: 'duplicate'; readonly responseUrl?: string }
  | {
      readonly type: 'putResult';
      readonly ok: boolean;
      readonly retryable: boolean;
      readonly httpStatus?: number;
      readonly error?: string;
      readonly at: number;
    }
  | { readonly type: 'cancelled'; readonly byRequestId: string }
  | { readonly type: 'compensated'; readonly ok: boolean; readonly reason?: string }
  | CommandOutcomeEvent;

const data = z.record(z.string(), z.json());

/** A deferred answer, sent by a Responder (validated at the edge like any external event). */
const respondEventSchema = z.object({
  type: z.literal('respond'),
  answer: z.object({
    Status: z.enum(['SUCCESS', 'FAILED']),
    PhysicalResourceId: z.string().optional(),
    Reason: z.string().optional(),
    Data: data.optional(),
    NoEcho: z.boolean().optional(),
  }),
});

/** The same request delivered again (Lambda async retry, SNS, ROS idempotent retry). */
const duplicateEventSchema = z.object({ type: z.literal('duplicate'), responseUrl: z.url().optional() });

/** A stack rollback cancelled this Create: a Delete for the same logical resource came with a provider-generated id. */
const cancelledEventSchema = z.object({ type: z.literal('cancelled'), byRequestId: z.string().min(1) });

/** Events that may be sent to an instance from outside. */
export const customResourceExternalEvents = z.discriminatedUnion('type', [
  respondEventSchema,
  duplicateEventSchema,
  cancelledEventSchema,
]);
