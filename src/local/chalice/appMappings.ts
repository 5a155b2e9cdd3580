import type { EmbeddedQueue } from '../../adapters/queue/embeddedQueue.js';
import type { EmbeddedTopic } from '../../adapters/topic/embeddedTopic.js';
import type { StepRecord } from '../../core/stepRecord.js';
import type { Clock, TimerSource } from '../../ports/clock.js';
import type { FunctionsApp } from '../../app/functions/functionsApp.js';
import type { App, Registration } from '../../app/chalice/app.js';
import type { EventScope } from '../../app/chalice/serviceEvents.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { AppStreams } from './appStreams.js';
import { SqsMapping } from './sqsMapping.js';
import type { ReceiptJournal } from './queueJournal.js';
import { LoggedCheckpoints } from './streamCheckpoints.js';
import { StreamMapping } from './streamMapping.js';

/** What an App's mappings read from, deliver to and report through. */
export interface MappingHost {
  readonly app: App;
  readonly runtime: Runtime;
  readonly functions: FunctionsApp;
  readonly clock: Clock;
  readonly scope: EventScope;
  readonly queue: EmbeddedQueue;
  readonly topic: EmbeddedTopic;
  readonly streams: AppStreams;
  /** Told of failed calls to a stream source that is not in this process (default: stderr). */
  readonly onStreamError?: (error: unknown) => void;
  /** Where the queue mappings keep their receives and batch outcomes, when the queue is kept in the log. */
  readonly queueJournal?: ReceiptJournal;
}

/**
 * The event source mappings of an App (SQS queues, Kinesis and DynamoDB streams), polled as one timer
 * source: each mapping's batching windows, visibility timeouts and retries fall due on the runtime's clock.
 */
export class AppMappings implements TimerSource {
  private readonly queues = new Map<string, SqsMapping[]>();
  private readonly streamMappings: StreamMapping[] = [];

  constructor(private readonly host: MappingHost) {
    host.queue.onMessage((message) => this.of(message.queue).forEach((m) => m.accept(message)));
    host.runtime.onStep((record) => this.observe(record));
  }

  /** Map a registration's source, if it is a queue or a stream. */
  add(registration: Registration): void {
    const source = registration.source;
    const { functions, queue, clock, scope, queueJournal } = this.host;
    if (source.kind === 'sqs') {
      const journal = queueJournal === undefined ? {} : { journal: queueJournal };
      const mapping = new SqsMapping({ ...registration, source }, { functions, queue, clock, scope, ...journal });
      this.queues.set(source.queue, [...this.of(source.queue), mapping]);
    } else if (source.kind === 'kinesis' || source.kind === 'dynamodb') {
      this.streamMappings.push(this.streamMappingOf({ ...registration, source }));
    }
  }

  /** The mappings of one queue. */
  of(queue: string): readonly SqsMapping[] {
    return this.queues.get(queue) ?? [];
  }

  /** Resolves once every queue batch outcome decided so far is kept. */
  async idle(): Promise<void> {
    for (const mapping of [...this.queues.values()].flat()) await mapping.flushed();
  }

  async nextDueAt(): Promise<number | undefined> {
    const dues = await Promise.all(this.all().map((m) => m.nextDueAt()));
    const known = dues.filter((d): d is number => d !== undefined);
    return known.length === 0 ? undefined : Math.min(...known);
  }

  async fireDue(now: number): Promise<void> {
    for (const mapping of this.all()) await mapping.fireDue(now);
  }

  private observe(record: StepRecord): void {
    for (const mapping of this.all()) mapping.observe(record);
  }

  private all(): (SqsMapping | StreamMapping)[] {
    return [...[...this.queues.values()].flat(), ...this.streamMappings];
  }

  private streamMappingOf(registration: ConstructorParameters<typeof StreamMapping>[0]): StreamMapping {
    const { kind, stream } = registration.source;
    const { app, runtime, functions, clock, scope, queue, topic, onStreamError } = this.host;
    const owner = { app: app.appName, functionName: registration.name, source: `${kind}:${stream}` };
    return new StreamMapping(registration, {
      ...this.host.streams.sourceOf(kind, stream),
      functions,
      clock,
      scope,
      checkpoints: new LoggedCheckpoints(runtime, owner),
      sendFailure: async (target, record) => {
        const body = JSON.stringify(record);
        if (target.kind === 'queue') await queue.send(target.queueName, { body });
        else await topic.publish(target.topicName, { message: body });
      },
      ...(onStreamError === undefined ? {} : { onError: onStreamError }),
    });
  }
}
