import type { Json } from '../core/stepRecord.js';
import { redactJson } from '../protocol/redaction.js';
import type { EntryCommand, TimelineEntry } from './timelineEntry.js';

/** The fields of a Step Functions `HistoryEvent` the timeline reads (the SDK's type fits it). */
interface SfnHistoryEvent {
  readonly id?: number;
  readonly previousEventId?: number;
  readonly timestamp?: Date;
  readonly type?: string;
}

const SCHEDULED = /^(Task|LambdaFunction|Activity)Scheduled$/;
const ENDED = /^(Task|LambdaFunction|Activity)(Succeeded|Failed|TimedOut|StartFailed|ScheduleFailed|SubmitFailed)$/;
const FAILED = /(Failed|TimedOut)$/;

/**
 * Maps a Step Functions execution history onto timeline entries, event by event: state entries become
 * state changes, scheduled tasks become commands (a task scheduled again in the same state is a retry,
 * with the back-off measured from the failure), and Wait states become timers.
 */
export class SfnEntryBuilder {
  private state = '(not started)';
  private status = 'active';
  private startedAt: number | undefined;
  private previousAt: number | undefined;
  private scheduledInState = 0;
  private lastFailureAt: number | undefined;
  private waitEnteredAt: number | undefined;
  private inFlight: EntryCommand | undefined;
  private readonly entered = new Map<string, number>();

  constructor(private readonly executionArn: string) {}

  /** Convert the next history event. */
  next(event: SfnHistoryEvent): TimelineEntry {
    const type = event.type ?? 'Unknown';
    const at = event.timestamp instanceof Date ? event.timestamp.getTime() : Number(event.timestamp ?? 0);
    this.startedAt ??= at;
    const seq = event.id ?? 0;
    const details = detailsOf(event);
    const before = type === 'ExecutionStarted' ? null : this.state;
    let attempt: number | undefined;
    let commands: EntryCommand[] = [];
    let timerFired: TimelineEntry['timerFired'];
    let timersSet: TimelineEntry['timersSet'] = [];

    if (type.endsWith('StateEntered')) {
      this.state = typeof details['name'] === 'string' ? details['name'] : this.state;
      this.scheduledInState = 0;
      const n = (this.entered.get(this.state) ?? 0) + 1;
      this.entered.set(this.state, n);
      if (n > 1) attempt = n;
      if (type === 'WaitStateEntered') {
        this.waitEnteredAt = at;
        timersSet = [
          { id: 'wait', key: `${this.executionArn}#${seq}`, delayMs: null, dueAt: null, eventType: 'WaitStateExited' },
        ];
      }
    } else if (type === 'ExecutionStarted') {
      this.state = '(started)';
    } else if (SCHEDULED.test(type)) {
      this.scheduledInState += 1;
      const command = {
        key: `${this.executionArn}#${seq}`,
        kind: [details['resourceType'], details['resource']].filter(Boolean).join(':') || type,
        params: parseMaybe(details['parameters'] ?? details['input']),
      };
      commands = [command];
      this.inFlight = command;
      if (this.scheduledInState > 1) {
        attempt = this.scheduledInState;
        timerFired = {
          id: 'retry',
          key: `${this.executionArn}#${event.previousEventId ?? 0}`,
          delayMs: this.lastFailureAt === undefined ? null : at - this.lastFailureAt,
        };
      }
    } else if (type === 'WaitStateExited' && this.waitEnteredAt !== undefined) {
      timerFired = {
        id: 'wait',
        key: `${this.executionArn}#${event.previousEventId ?? 0}`,
        delayMs: at - this.waitEnteredAt,
      };
      this.waitEnteredAt = undefined;
    }
    if (ENDED.test(type)) {
      this.inFlight = undefined;
      if (FAILED.test(type)) this.lastFailureAt = at;
    }
    if (type === 'ExecutionSucceeded') this.status = 'done';
    else if (/^Execution(Failed|TimedOut|Aborted)$/.test(type)) this.status = 'error';

    const sincePreviousMs = this.previousAt === undefined ? 0 : at - this.previousAt;
    this.previousAt = at;
    return {
      instanceId: this.executionArn,
      seq,
      at,
      sinceStartMs: at - this.startedAt,
      sincePreviousMs,
      eventType: type,
      payload: redactJson(expandJson(details)),
      origin:
        event.previousEventId === undefined || event.previousEventId === 0
          ? 'start'
          : `after #${event.previousEventId}`,
      stateBefore: before,
      stateAfter: this.state,
      status: this.status,
      tags: [],
      commands,
      timersSet,
      timersCancelled: [],
      ...(timerFired === undefined ? {} : { timerFired }),
      ...(attempt === undefined ? {} : { attempt }),
      links: {
        correlationId: this.executionArn,
        causationId: event.previousEventId === undefined ? null : String(event.previousEventId),
        caused: [],
        causedBy: null,
      },
      waiting: {
        commands:
          this.status === 'active' && this.inFlight !== undefined
            ? [{ key: this.inFlight.key, kind: this.inFlight.kind }]
            : [],
        nextTimer: null,
        timers: this.waitEnteredAt === undefined ? 0 : 1,
      },
      context: null,
    };
  }
}

/** The one `<type>EventDetails` object of an event, or an empty object. */
function detailsOf(event: SfnHistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event as Record<string, unknown>)) {
    if (key.endsWith('EventDetails') && value !== null && typeof value === 'object')
      return value as Record<string, unknown>;
  }
  return {};
}

/** Inputs and outputs arrive as JSON strings; show them as data. */
function expandJson(details: Record<string, unknown>): Json {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(details)) {
    out[key] = ['input', 'output', 'parameters'].includes(key)
      ? parseMaybe(value)
      : (JSON.parse(JSON.stringify(value ?? null)) as Json);
  }
  return out;
}

function parseMaybe(value: unknown): Json {
  if (typeof value !== 'string') return (value ?? null) as Json;
  try {
    return JSON.parse(value) as Json;
  } catch {
    return value;
  }
}
