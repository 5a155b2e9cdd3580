import { EmbeddedBucket } from '../../adapters/bucket/embeddedBucket.js';
import { EmbeddedQueue } from '../../adapters/queue/embeddedQueue.js';
import { EmbeddedTopic } from '../../adapters/topic/embeddedTopic.js';
import type { Clock, TimerSource } from '../../ports/clock.js';
import { createFunctions, type FunctionsApp, type FunctionsAppOptions } from '../../app/functions/functionsApp.js';
import type { App } from '../../app/chalice/app.js';
import { LOCAL_EVENT_SCOPE, type EventScope } from '../../app/chalice/serviceEvents.js';
import { appScheduleDefinition } from '../../../machines/appSchedule/appSchedule.definition.js';
import { scheduleExecutors, startSchedules } from './scheduleExecutors.js';
import { AppStreams, type StreamSourceOptions } from './appStreams.js';
import { AppMappings } from './appMappings.js';
import {
  deliverObjectChange,
  publishWithSubject,
  putBusEvent,
  wirePushedSource,
  type BusEntry,
  type PushHost,
} from './pushedSources.js';
import { streamCheckpointDefinition } from '../../../machines/streamCheckpoint/streamCheckpoint.definition.js';
import type { PutRecordResult, StreamEntry } from '../../adapters/stream/embeddedStream.js';
import type { EmbeddedTableStream } from '../../adapters/stream/embeddedTableStream.js';
import { SourceJournals } from './sourceJournals.js';

/** Options of `runApp`: the runtime and bus it runs on; functions settings pass through. */
export interface RunAppOptions extends Omit<FunctionsAppOptions, 'queue' | 'topic'> {
  readonly bucket?: EmbeddedBucket;
  readonly queue?: EmbeddedQueue;
  readonly topic?: EmbeddedTopic;
  /** The account and region local events claim (default 123456789012, us-east-1). */
  readonly eventScope?: EventScope;
  /** Where Kinesis sources read (default: embedded streams) and the embedded streams' shard count. */
  readonly streams?: StreamSourceOptions;
  /**
   * The functions app already running on this runtime (the CLI's, behind its Invoke API): the App's
   * functions join it, because the invocation machine's executors are registered once per runtime.
   */
  readonly functions?: FunctionsApp;
  /**
   * Keep the embedded queue's messages and the embedded streams' records in the runtime's store, so a
   * restart on a durable store (SQLite) finds them (`start --app --db FILE` does). Default false: memory.
   */
  readonly keepSourcesInLog?: boolean;
}

/**
 * An App running locally: each function registered for asynchronous invocation, each source wired to
 * an embedded service — schedules as durable timer instances, patterns as bus rules, an embedded
 * bucket, topic and queue whose writes raise events in the services' shapes, queues and streams read
 * by event source mappings (`AppMappings`).
 */
export class AppRunner implements TimerSource {
  readonly functions: FunctionsApp;
  readonly bucket: EmbeddedBucket;
  readonly queue: EmbeddedQueue;
  readonly topic: EmbeddedTopic;
  /** Embedded Kinesis streams by name and DynamoDB table streams by ARN. */
  readonly streams: AppStreams;
  readonly clock: Clock;
  private readonly pushes: PushHost;
  private readonly mappings: AppMappings;
  private readonly journals: SourceJournals | undefined;

  constructor(
    readonly app: App,
    private readonly options: RunAppOptions,
  ) {
    const clock = options.clock ?? options.runtime.clock;
    const scope = options.eventScope ?? LOCAL_EVENT_SCOPE;
    this.clock = clock;
    this.bucket = options.bucket ?? new EmbeddedBucket({ clock });
    this.queue = options.queue ?? new EmbeddedQueue({ clock });
    this.topic = options.topic ?? new EmbeddedTopic({ clock });
    const { runtime, bus } = options;
    this.journals = options.keepSourcesInLog ? new SourceJournals(runtime, (q) => this.mappings.of(q)) : undefined;
    if (this.journals !== undefined) this.queue.keepIn(this.journals.queue);
    const shards = this.journals === undefined ? {} : { shards: this.journals.shards };
    this.streams = new AppStreams({ ...options.streams, clock, ...shards });
    this.functions = options.functions ?? createFunctions({ ...options, queue: this.queue, topic: this.topic });
    runtime.register(appScheduleDefinition, scheduleExecutors({ app, functions: this.functions, clock, scope }));
    runtime.register(streamCheckpointDefinition);
    for (const registration of app.registrations) this.functions.register(registration.fn);
    this.pushes = { app, functions: this.functions, bus, topic: this.topic, clock, scope };
    this.bucket.onChange((change) => deliverObjectChange(this.pushes, change));
    const onStreamError = options.streams?.onError;
    this.mappings = new AppMappings({
      ...{ app, runtime, functions: this.functions, clock, scope, queue: this.queue, topic: this.topic },
      streams: this.streams,
      ...(onStreamError === undefined ? {} : { onStreamError }),
      ...(this.journals === undefined ? {} : { queueJournal: this.journals.queue }),
    });
    for (const registration of app.registrations) {
      wirePushedSource(this.pushes, registration);
      this.mappings.add(registration);
    }
  }

  /** The runtime the app's instances run on. */
  get runtime(): RunAppOptions['runtime'] {
    return this.options.runtime;
  }

  /** Start every schedule's instance (idempotent: a restart finds them and fires what was missed). */
  async start(): Promise<void> {
    await this.journals?.restore({ queue: this.queue, streams: this.streams, mappingsOf: (q) => this.mappings.of(q) });
    await startSchedules(this.app, this.options.runtime, this.clock);
  }

  /** Publish to a topic with a subject: each subscribed function gets its own SNS event. */
  publish(topic: string, message: string, subject?: string): Promise<void> {
    return publishWithSubject(this.pushes, topic, message, subject);
  }

  /** Put an event on the bus, as EventBridge `PutEvents` (matching `onCwEvent` functions run). */
  putEvent(entry: BusEntry): Promise<void> {
    return putBusEvent(this.options.bus, entry);
  }

  /** Put one record on an embedded Kinesis stream (as `PutRecord`); its mappings deliver it when due. */
  putRecord(stream: string, entry: StreamEntry): PutRecordResult {
    return this.streams.putRecord(stream, entry);
  }

  /** The embedded stream of a DynamoDB table: `put({ keys, newImage, oldImage })` records a change. */
  dynamodbStream(streamArn: string): EmbeddedTableStream {
    return this.streams.dynamodb(streamArn);
  }

  /** Resolves once every queue batch outcome decided so far is kept (a virtual clock waits on it). */
  idle(): Promise<void> {
    return this.mappings.idle();
  }

  nextDueAt(): Promise<number | undefined> {
    return this.mappings.nextDueAt();
  }

  fireDue(now: number): Promise<void> {
    return this.mappings.fireDue(now);
  }
}

/**
 * Run an app on a runtime and bus: registers its functions, wires its sources, starts its schedules.
 * @example
 * const runner = await runApp(app, { runtime, bus });
 * await runner.bucket.putObject('img', 'images/a.jpg', 'bytes');
 */
export async function runApp(app: App, options: RunAppOptions): Promise<AppRunner> {
  const runner = new AppRunner(app, options);
  await runner.start();
  return runner;
}
