import { errorCode, errorMessage } from './errors.js';

/**
 * The step wire contract: how commands and timers are keyed, how the ids of the events that move an
 * instance are built, and the events that carry a command's outcome back. Stores, the relay, the AWS
 * ingress, the test kit and both machines read these formats, so they are spelled here and nowhere else:
 * an event id is how a repeated delivery is recognised, and a key that changed shape would make an old
 * log look new.
 */

/** Idempotency key of the `index`th command set by the step at `version` of `streamId`. */
export function commandKey(streamId: string, version: number, index: number): string {
  return `${streamId}#${version}#${index}`;
}

/** Key of the `index`th timer set by the step at `version` of `streamId` (also its durable timer's name). */
export function timerKey(streamId: string, version: number, index: number): string {
  return `${streamId}#${version}#t${index}`;
}

/**
 * Ids of the events that move an instance. Each is derived from what caused the event, so the same
 * cause delivered twice carries the same id and is applied once.
 */
export const eventIds = {
  /** The start of an instance: one per instance id, so a repeated start is a duplicate. */
  start: (instanceId: string): string => `start:${instanceId}`,
  /** An event one instance's command sends to another, keyed by that command's idempotency key. */
  send: (key: string): string => `send:${key}`,
  /** A timer firing. */
  timer: (key: string): string => `timer:${key}`,
  /** A deferred answer from a Responder: one per instance, the first answer wins. */
  respond: (instanceId: string): string => `respond:${instanceId}`,
  /** An event delivered from the bus, keyed by its envelope id. */
  bus: (envelopeId: string): string => `bus:${envelopeId}`,
  /** The `index`th outcome event of a command. */
  outcome: (key: string, index: number): string => `${key}/outcome/${index}`,
} as const;

/** Event recorded when an executor itself fails (not the user's handler: that is a normal outcome event). */
export const COMMAND_FAILED = 'statebridge.command.failed';
/** Event recorded when an executor finishes without an outcome of its own, so the command is acknowledged. */
export const COMMAND_DONE = 'statebridge.command.done';

/** The executor's failure as it is recorded: plain JSON, so it replays and shows on the timeline. */
export interface CommandError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

/** The executor of command `key` (of kind `kind`) failed. */
export interface CommandFailedEvent {
  readonly type: typeof COMMAND_FAILED;
  readonly kind: string;
  readonly key: string;
  readonly error: CommandError;
}

/** The executor of command `key` finished without an event of its own. */
export interface CommandDoneEvent {
  readonly type: typeof COMMAND_DONE;
  readonly kind: string;
  readonly key: string;
}

/** The events the runtime itself records about a command; every machine with commands accepts them. */
export type CommandOutcomeEvent = CommandFailedEvent | CommandDoneEvent;

/** How an executor's failure is recorded: its name, message and string `code` (when it has one). */
export function commandError(error: unknown): CommandError {
  const name = error instanceof Error ? error.name : 'Error';
  const code = errorCode(error);
  return code === undefined ? { name, message: errorMessage(error) } : { name, message: errorMessage(error), code };
}

/** True when `event` reports that the executor of a command of `kind` failed. */
export function isCommandFailure(event: { readonly type: string; readonly kind?: unknown }, kind: string): boolean {
  return event.type === COMMAND_FAILED && event.kind === kind;
}
