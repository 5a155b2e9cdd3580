import { errorMessage } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import type { HandlerOutcome, PollOutcome } from '../../../machines/customResource/index.js';

/** Attributes exposed through `Fn::GetAtt`. */
export type ResourceData = { readonly [key: string]: Json };

/** An explicit successful answer. */
export class Success {
  readonly physicalResourceId: string | undefined;
  readonly data: ResourceData | undefined;
  readonly noEcho: boolean;
  /** @example return new Success({ physicalResourceId: 'db-1', data: { Endpoint: 'db.local' }, noEcho: true }); */
  constructor(options: { physicalResourceId?: string; data?: ResourceData; noEcho?: boolean } = {}) {
    this.physicalResourceId = options.physicalResourceId;
    this.data = options.data;
    this.noEcho = options.noEcho ?? false;
  }
}

/** An explicit failure; `reason` is shown in the stack events. */
export class Failed {
  readonly reason: string;
  readonly physicalResourceId: string | undefined;
  /** @example return new Failed({ reason: 'quota exceeded', physicalResourceId: 'db-1' }); */
  constructor(options: { reason: string; physicalResourceId?: string }) {
    this.reason = options.reason;
    this.physicalResourceId = options.physicalResourceId;
  }
}

/** Answer later with a `Responder` built from a copy of the event. */
export class Defer {
  readonly deferred = true;
}

/** What create/update/delete may return: an id, `[id, data]`, Success, Failed or Defer (or nothing: keep the id). */
export type HandlerReturn = string | readonly [string, ResourceData] | Success | Failed | Defer | void | undefined;

/** What isComplete may return: `false` = not yet; `true`, an id, `[id, data]` or Success = done; Failed = failed. */
export type PollReturn = boolean | string | readonly [string, ResourceData] | Success | Failed;

const problem = (reason: string): HandlerOutcome => ({ kind: 'answer', Status: 'FAILED', Reason: reason });

function successOf(id: string | undefined, data: ResourceData | undefined, noEcho: boolean) {
  return {
    ...(id === undefined ? {} : { PhysicalResourceId: id }),
    ...(data === undefined ? {} : { Data: JSON.parse(JSON.stringify(data)) as ResourceData }),
    ...(noEcho ? { NoEcho: true } : {}),
  };
}

/** Turn a user's return value into a machine outcome; `polls` when the handler defines isComplete. */
export function outcomeOfReturn(value: unknown, polls: boolean): HandlerOutcome {
  if (value instanceof Defer) return { kind: 'defer' };
  if (value instanceof Failed)
    return {
      kind: 'answer',
      Status: 'FAILED',
      Reason: value.reason,
      ...(value.physicalResourceId === undefined ? {} : { PhysicalResourceId: value.physicalResourceId }),
    };
  const kind = polls ? 'poll' : 'answer';
  const ok = (id: string | undefined, data?: ResourceData, noEcho = false): HandlerOutcome =>
    kind === 'poll'
      ? { kind, ...successOf(id, data, noEcho) }
      : { kind, Status: 'SUCCESS', ...successOf(id, data, noEcho) };
  if (value instanceof Success) return ok(value.physicalResourceId, value.data, value.noEcho);
  if (value === undefined || value === null) return ok(undefined);
  if (typeof value === 'string') return ok(value);
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && isData(value[1]))
    return ok(value[0], value[1]);
  return problem(`the handler returned ${shapeOf(value)}; return an id, [id, data], Success, Failed or Defer`);
}

/** Turn an isComplete return value into a poll outcome. */
export function outcomeOfPoll(value: unknown): PollOutcome {
  if (value === false) return { kind: 'pending' };
  if (value === true) return { kind: 'answer', Status: 'SUCCESS' };
  const outcome = outcomeOfReturn(value, false);
  if (outcome.kind === 'answer') return outcome;
  return { kind: 'answer', Status: 'FAILED', Reason: 'isComplete may not return Defer' };
}

function isData(value: unknown): value is ResourceData {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : `a ${typeof value}`;
}

/** The message of anything thrown, for a FAILED Reason. */
export function reasonOfError(error: unknown): string {
  const message = errorMessage(error);
  // A FAILED answer needs a Reason, so an error thrown without a message is named instead.
  return message.length === 0 && error instanceof Error ? error.name : message;
}
