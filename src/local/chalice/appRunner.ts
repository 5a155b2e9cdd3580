import { EmbeddedBucket, type ObjectChange } from '../../adapters/bucket/embeddedBucket.js';
import { EmbeddedQueue } from '../../adapters/queue/embeddedQueue.js';
import { EmbeddedTopic } from '../../adapters/topic/embeddedTopic.js';
import { isStatebridgeError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import type { Clock, TimerSource } from '../../ports/clock.js';
import { matchesWildcard } from '../../protocol/eventPattern/wildcard.js';
import { createFunctions, type FunctionsApp, type FunctionsAppOptions } from '../../app/functions/functionsApp.js';
import type { App, Registration } from '../../app/chalice/app.js';
import { LOCAL_EVENT_SCOPE, s3EventOf, snsEventOf, type EventScope } from '../../app/chalice/serviceEvents.js';
import { invoke } from './invoke.js';
import {
  appScheduleDefinition,
  APP_SCHEDULE_MACHINE_ID,
} from '../../../machines/appSchedule/appSchedule.definition.js';
import { ruleNameOf, scheduleExecutors, scheduleInstanceId } from './scheduleExecutors.js';
import { SqsMapping } from './sqsMapping.js';
import { AppStreams, type StreamSourceOptions } from './appStreams.js';
import { StreamMapping } from './streamMapping.js';
import { LoggedCheckpoints } from './streamCheckpoints.js';
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
 * bucket, topic and queue whose writes raise events in the services' shapes.
 */
export class AppRunner implements TimerSource {
  readonly functions: FunctionsApp;
  readonly bucket: EmbeddedBucket;
  readonly queue: EmbeddedQueue;
  readonly topic: EmbeddedTopic;
  /** Embedded Kinesis streams by name and DynamoDB table streams by ARN. */
  readonly streams: AppStreams;
  readonly clock: Clock;
  private readonly scope: EventScope;
  private readonly mappings = new Map<string, SqsMapping[]>();
  private readonly streamMappings: StreamMapping[] = [];
  private readonly journals: SourceJournals | undefined;

  constructor(
    readonly app: App,
    private readonly options: RunAppOptions,
  ) {
    this.clock = options.clock ?? options.runtime.clock;
    this.scope = options.eventScope ?? LOCAL_EVENT_SCOPE;
    this.bucket = options.bucket ?? new EmbeddedBucket({ clock: this.clock });
    this.queue = options.queue ?? new EmbeddedQueue({ clock: this.clock });
    this.topic = options.topic ?? new EmbeddedTopic({ clock: this.clock });
    this.journals = options.keepSourcesInLog
      ? new SourceJournals(options.runtime, (q) => this.mappingsOf(q))
      : undefined;
    if (this.journals !== undefined) this.queue.keepIn(this.journals.queue);
    const shards = this.journals === undefined ? {} : { shards: this.journals.shards };
    this.streams = new AppStreams({ ...options.streams, clock: this.clock, ...shards });
    this.functions = options.functions ?? createFunctions({ ...options, queue: this.queue, topic: this.topic });
    const host = { app, functions: this.functions, clock: this.clock, scope: this.scope };
    options.runtime.register(appScheduleDefinition, scheduleExecutors(host));
    options.runtime.register(streamCheckpointDefinition);
    for (const registration of app.registrations) this.functions.register(registration.fn);
    this.bucket.onChange((change) => this.onObject(change));
    this.queue.onMessage((message) => this.mappingsOf(message.queue).forEach((m) => m.accept(message)));
    options.runtime.onStep((record) => this.allMappings().forEach((m) => m.observe(record)));
    for (const registration of app.registrations) this.wire(registration);
  }

  /** The runtime the app's instances run on. */
  get runtime(): RunAppOptions['runtime'] {
    return this.options.runtime;
  }

  /** Start every schedule's instance (idempotent: a restart finds them and fires what was missed). */
  async start(): Promise<void> {
    await this.journals?.restore({ queue: this.queue, streams: this.streams, mappingsOf: (q) => this.mappingsOf(q) });
    for (const registration of this.app.registrations) {
      if (registration.source.kind !== 'schedule') continue;
      const instanceId = scheduleInstanceId(this.app, registration);
      const input = {
        app: this.app.appName,
        functionName: registration.name,
        expression: registration.source.schedule.expression,
        anchorMs: this.clock.now(),
      };
      try {
        await this.options.runtime.start(APP_SCHEDULE_MACHINE_ID, instanceId, input, {
          eventId: `start:${instanceId}`,
        });
      } catch (error) {
        if (!isStatebridgeError(error, 'INSTANCE_EXISTS')) throw error;
      }
    }
  }

  /** Publish to a topic with a subject: each subscribed function gets its own SNS event. */
  async publish(topic: string, message: string, subject?: string): Promise<void> {
    for (const registration of this.subscribers(topic)) {
      const event = snsEventOf(
        { topic, message, at: this.clock.now(), ...(subject === undefined ? {} : { subject }) },
        this.scope,
      );
      await invoke(this.functions, registration, event, {
        trigger: { kind: 'eventSource', source: `sns:${topic}`, eventId: event.Records[0]?.Sns.MessageId ?? '' },
      });
    }
  }

  /** Put an event on the bus, as EventBridge `PutEvents` (matching `onCwEvent` functions run). */
  async putEvent(entry: {
    source: string;
    detailType: string;
    detail: Json;
    resources?: readonly string[];
  }): Promise<void> {
    const result = await this.options.bus.putEvents([
      {
        Source: entry.source,
        DetailType: entry.detailType,
        Detail: JSON.stringify(entry.detail),
        ...(entry.resources === undefined ? {} : { Resources: [...entry.resources] }),
      },
    ]);
    const failed = result.entries.find((e) => 'errorCode' in e);
    if (failed !== undefined && 'errorMessage' in failed) throw new Error(`event not accepted: ${failed.errorMessage}`);
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
  async idle(): Promise<void> {
    for (const mapping of [...this.mappings.values()].flat()) await mapping.flushed();
  }

  async nextDueAt(): Promise<number | undefined> {
    const dues = await Promise.all(this.allMappings().map((m) => m.nextDueAt()));
    const known = dues.filter((d): d is number => d !== undefined);
    return known.length === 0 ? undefined : Math.min(...known);
  }

  async fireDue(now: number): Promise<void> {
    for (const mapping of this.allMappings()) await mapping.fireDue(now);
  }

  private allMappings(): (SqsMapping | StreamMapping)[] {
    return [...[...this.mappings.values()].flat(), ...this.streamMappings];
  }

  private wire(registration: Registration): void {
    const source = registration.source;
    if (source.kind === 'cwEvent') {
      const rule = ruleNameOf(this.app, registration.name);
      this.options.bus.putRule({
        name: rule,
        eventPattern: source.eventPattern,
        targets: [
          {
            id: registration.name.slice(0, 64),
            deliver: async (input, envelope) => {
              await invoke(this.functions, registration, input, {
                requestId: envelope.id,
                trigger: { kind: 'eventSource', source: `events:${rule}`, rule, eventId: envelope.id },
              });
            },
          },
        ],
      });
    } else if (source.kind === 'sns') {
      this.topic.subscribe(source.topic, async (message) => {
        const event = snsEventOf(
          { topic: source.topic, message: message.message, at: message.publishedAt },
          this.scope,
        );
        await invoke(this.functions, registration, event, {
          trigger: { kind: 'eventSource', source: `sns:${source.topic}` },
        });
      });
    } else if (source.kind === 'sqs') {
      const deps = { functions: this.functions, queue: this.queue, clock: this.clock, scope: this.scope };
      const journal = this.journals === undefined ? {} : { journal: this.journals.queue };
      const mapping = new SqsMapping({ ...registration, source }, { ...deps, ...journal });
      this.mappings.set(source.queue, [...this.mappingsOf(source.queue), mapping]);
    } else if (source.kind === 'kinesis' || source.kind === 'dynamodb') {
      this.streamMappings.push(this.streamMappingOf({ ...registration, source }));
    }
  }

  private streamMappingOf(registration: ConstructorParameters<typeof StreamMapping>[0]): StreamMapping {
    const { kind, stream } = registration.source;
    const owner = { app: this.app.appName, functionName: registration.name, source: `${kind}:${stream}` };
    return new StreamMapping(registration, {
      ...this.streams.sourceOf(kind, stream),
      functions: this.functions,
      clock: this.clock,
      scope: this.scope,
      checkpoints: new LoggedCheckpoints(this.options.runtime, owner),
      sendFailure: async (target, record) => {
        const body = JSON.stringify(record);
        if (target.kind === 'queue') await this.queue.send(target.queueName, { body });
        else await this.topic.publish(target.topicName, { message: body });
      },
    });
  }

  private mappingsOf(queue: string): readonly SqsMapping[] {
    return this.mappings.get(queue) ?? [];
  }

  private subscribers(topic: string): Registration[] {
    return this.app.registrations.filter((r) => r.source.kind === 'sns' && r.source.topic === topic);
  }

  private async onObject(change: ObjectChange): Promise<void> {
    for (const registration of this.app.registrations) {
      const source = registration.source;
      if (source.kind !== 's3' || source.bucket !== change.bucket) continue;
      if (!source.events.some((pattern) => matchesWildcard(pattern, `s3:${change.eventName}`))) continue;
      if (source.prefix !== undefined && !change.key.startsWith(source.prefix)) continue;
      if (source.suffix !== undefined && !change.key.endsWith(source.suffix)) continue;
      const event = s3EventOf({ ...change }, this.scope);
      await invoke(this.functions, registration, event, {
        trigger: { kind: 'eventSource', source: `s3:${change.bucket}`, rule: source.events.join(',') },
      });
    }
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
