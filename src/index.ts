// statebridge — the public API. Named exports only; adapters with cloud SDKs and the test kit are subpaths.

// Machines and steps
export { defineMachine } from './core/machineDefinition.js';
export type { MachineDefinition } from './core/machineDefinition.js';
export { decideStep, restoreSnapshot, persistSnapshot } from './core/step.js';
export { replayStream } from './core/replay.js';
export type { Divergence, ReplayReport } from './core/replay.js';
export { summarize } from './core/stepRecord.js';
export type {
  Command,
  EventOrigin,
  InstanceStatus,
  InstanceSummary,
  Json,
  MachineEvent,
  PersistedState,
  StepLinks,
  StepRecord,
  Timer,
} from './core/stepRecord.js';

// Errors
export {
  ConcurrencyConflictError,
  isConcurrencyConflict,
  isStatebridgeError,
  PayloadTooLargeError,
  StatebridgeError,
  ValidationError,
} from './core/errors.js';
export type { ErrorCode, ValidationIssue } from './core/errors.js';

// Ports
export type {
  EventStore,
  ListInstancesQuery,
  Page,
  ReadStreamOptions,
  StepView,
  WorkQuery,
} from './ports/eventStore.js';
export type { Clock, TimerSource } from './ports/clock.js';
export type { Bus, PutEventsResult } from './ports/bus.js';

// Runtime
export { createRuntime, Runtime } from './runtime/runtime.js';
export type { RuntimeOptions, SendOptions, StepResult } from './runtime/runtime.js';
export type { CommandExecutor, ExecutorContext } from './runtime/executor.js';
export { COMMAND_DONE, COMMAND_FAILED } from './runtime/relay.js';
export { TimerLoop } from './runtime/timerLoop.js';
export { VirtualClock } from './runtime/virtualClock.js';
export { systemClock } from './runtime/systemClock.js';

// Embedded adapters
export { MemoryEventStore } from './adapters/memory/memoryEventStore.js';
export { SqliteEventStore } from './adapters/sqlite/sqliteEventStore.js';
export type { SqliteEventStoreOptions } from './adapters/sqlite/sqliteEventStore.js';
export { InProcessBus } from './adapters/bus/inProcessBus.js';
export type { BusDelivery, BusRule, BusTarget, InProcessBusOptions } from './adapters/bus/inProcessBus.js';

// Wire formats
export { parseInput } from './protocol/validate.js';
export { matchesEventPattern, validateEventPattern } from './protocol/eventPattern.js';
export type { EventPattern } from './protocol/eventPattern.js';
export type { EventBridgeEnvelope, PutEventsEntry } from './protocol/eventBridgeEnvelope.js';

// Custom resources (CloudFormation and ROS)
export { BaseHandler, HANDLER_OF } from './app/customResource/baseHandler.js';
export type { BaseHandlerOptions, HandlerContext, HandlerEvent, PollStart } from './app/customResource/baseHandler.js';
export { Defer, Failed, Success } from './app/customResource/results.js';
export type { HandlerReturn, PollReturn, ResourceData } from './app/customResource/results.js';
export { Responder, bindResponderSink, directResponseSink } from './app/customResource/responder.js';
export type { ResponseSink } from './app/customResource/responder.js';
export { HandlerRegistry, defaultHandlerRegistry } from './app/customResource/handlerRegistry.js';
export {
  createCustomResourceModule,
  customResourceModule,
  customResourceInstallation,
} from './app/customResource/module.js';
export type { CustomResourceInstallation } from './app/customResource/module.js';
export { receiveCustomResourceRequest } from './app/customResource/requestIntake.js';
export type { IntakeOptions, IntakeResult } from './app/customResource/requestIntake.js';
export { ResponseInbox } from './app/customResource/responseInbox.js';
export type { ReceivedResponse } from './app/customResource/responseInbox.js';
export { customResourceDefinition, CUSTOM_RESOURCE_MACHINE_ID } from '../machines/customResource/index.js';
export { parseRosServiceToken } from './protocol/customResource/serviceToken.js';
export type { RosServiceToken } from './protocol/customResource/serviceToken.js';
export {
  decideResponseBody,
  serializeResponseBody,
  truncateMiddle,
  MAX_RESPONSE_BYTES,
} from './protocol/customResource/responseBody.js';
export { deterministicPhysicalId, CDK_CREATE_FAILED_MARKER } from './protocol/customResource/physicalId.js';
export { coerceProperties } from './protocol/customResource/coerce.js';
export { redactCustomResource, redactResponseUrl } from './protocol/customResource/redact.js';

// Inspecting timelines (redaction, timeline entries, Mermaid diagrams, the timeline page)
export { redactJson, redactRecord, redactUrl, containsNoEcho, REDACTED } from './protocol/redaction.js';
export type { RedactionOptions } from './protocol/redaction.js';
export type { TimelineEntry, EntryCommand, EntryTimer, Waiting } from './cli/timeline/timelineEntry.js';
export { EntryBuilder, waitingOf } from './cli/timeline/entryBuilder.js';
export { ChainReader } from './cli/timeline/chainReader.js';
export type { TimelineReadOptions } from './cli/timeline/chainReader.js';
export { renderTimeline } from './cli/timeline/renderTimeline.js';
export type { EntrySource, RenderOptions } from './cli/timeline/renderTimeline.js';
export { toMermaid, statePaths } from './cli/timeline/mermaidGraph.js';
export type { GraphHighlight } from './cli/timeline/mermaidGraph.js';
export { timelineModule } from './web/timelineModule.js';

// Asynchronous invocations (retries, event age, destinations, responseOnly chains)
export { defineFunction } from './app/functions/defineFunction.js';
export type {
  AnyFunctionDefinition,
  FunctionContext,
  FunctionDefinition,
  FunctionHandler,
  FunctionOptions,
} from './app/functions/defineFunction.js';
export {
  EventBridgeDestination,
  LambdaDestination,
  SnsDestination,
  SqsDestination,
} from './app/functions/destinations.js';
export { responseOnlyRuleName } from './app/functions/destination.js';
export type { DeadLetterTarget, Destination, DestinationOutcome } from './app/functions/destination.js';
export { FunctionThrottledError, HandledFunctionError } from './app/functions/functionErrors.js';
export { createFunctions, FunctionsApp, ASYNC_PAYLOAD_LIMIT_BYTES } from './app/functions/functionsApp.js';
export type { FunctionsAppOptions, InvokeAsyncOptions, InvokeAsyncResult } from './app/functions/functionsApp.js';
export type { DuplicateDeliveryPolicy } from './app/functions/functionsHost.js';
export { functionsFor, functionsModule } from './app/functions/functionsModule.js';
export { followChain } from './app/functions/chain.js';
export type { ChainLink } from './app/functions/chain.js';
export {
  asyncInvocationDefinition,
  ASYNC_INVOCATION_MACHINE_ID,
} from '../machines/asyncInvocation/asyncInvocation.definition.js';
export { asyncInvocationMachine } from '../machines/asyncInvocation/asyncInvocation.machine.js';
export {
  asyncInvokeConfigSchema,
  functionArn,
  qualifiedFunctionArn,
  MAXIMUM_EVENT_AGE_SECONDS,
  MAXIMUM_RETRY_ATTEMPTS,
  MAX_CHAIN_VISITS,
  TIMEOUT_SECONDS,
} from './protocol/invocation/config.js';
export type { AsyncInvokeConfig, DeadLetterSpec, DestinationSpec } from './protocol/invocation/config.js';
export { buildInvocationRecord, invocationRecordSchema } from './protocol/invocation/record.js';
export type { FunctionErrorKind, InvocationCondition, InvocationRecord } from './protocol/invocation/record.js';
export {
  invocationResultDetailType,
  invocationResultEnvelope,
  responseOnlyRulePattern,
  RESPONSE_ONLY_INPUT_PATH,
} from './protocol/invocation/eventBridgeResult.js';
export { deadLetterAttributes } from './protocol/invocation/deadLetter.js';
export { functionErrorRetryDelayMs, throttleRetryDelayMs } from './protocol/invocation/retryPolicy.js';
export {
  asyncInvocationInvariants,
  checkInvocationInvariants,
  conditionFromLog,
  noAttemptAfterEventAge,
  noRetryBeyondLimit,
  oneDeliveryDecision,
  recordAgreesWithLog,
  retryWaitsFollowPolicy,
} from './protocol/invocation/invariants.js';
export type { InvariantViolation, InvocationInvariant } from './protocol/invocation/invariants.js';
export { EmbeddedQueue } from './adapters/queue/embeddedQueue.js';
export type { QueuedMessage } from './adapters/queue/embeddedQueue.js';
export { EmbeddedTopic } from './adapters/topic/embeddedTopic.js';
export type { PublishedMessage } from './adapters/topic/embeddedTopic.js';
export type { OutgoingQueueMessage, QueueMessageAttribute, QueueSender } from './ports/queueSender.js';
export type { OutgoingTopicMessage, TopicMessageAttribute, TopicPublisher } from './ports/topicPublisher.js';
export {
  decodeS3Key,
  dynamodbRecord,
  encodeS3Key,
  eventSourceSchemas,
  expectedImages,
  kinesisRecord,
  parseEventSource,
  s3Event,
  s3Record,
  scheduledEvent,
  snsMessage,
  sqsRecord,
  dynamodbStreamEventSchema,
  kinesisEventSchema,
  s3EventSchema,
  scheduledEventSchema,
  snsEventSchema,
  sqsEventSchema,
} from './protocol/eventSources/index.js';
export type {
  AttributeMap,
  AttributeValue,
  DynamodbStreamEvent,
  DynamodbStreamRecord,
  EventOf,
  EventSourceKind,
  KinesisEvent as KinesisEventPayload,
  KinesisRecord as KinesisRecordPayload,
  S3Event as S3EventPayload,
  S3EventRecord,
  ScheduledEvent,
  SnsEvent,
  SnsMessage,
  SqsEvent,
  SqsRecord,
  StreamViewType,
} from './protocol/eventSources/index.js';

// Composing your own app: the environment features install into, the HTTP server, bus targets
export type { AppEnvironment, AppModule, Demo } from './app/environment.js';
export { HttpServer, readBody, sendJson } from './adapters/http/httpServer.js';
export type { RouteHandler, HttpServerOptions } from './adapters/http/httpServer.js';
export { TOKEN_HEADER } from './adapters/http/requestGuard.js';
export type { RoutePolicy, RouteAuth, RouteBody } from './adapters/http/requestGuard.js';
export { readLocalToken, tokenFilePath } from './cli/localToken.js';
export { signRosRequest } from './app/customResource/rosSignature.js';
export type { RosSigning } from './app/customResource/rosSignature.js';
export { sendToInstance, startInstance } from './app/instanceTargets.js';
export type { SendToInstanceOptions, StartInstanceOptions } from './app/instanceTargets.js';

// The App: functions declared by what starts them (schedules, patterns, S3, SNS, SQS, streams, routes)
export { App } from './app/chalice/app.js';
export type { BlueprintOptions, Registration } from './app/chalice/app.js';
export { Blueprint } from './app/chalice/blueprint.js';
export { Cron, Rate } from './app/chalice/scheduleExpressions.js';
export type { RateUnit, ScheduleInput } from './app/chalice/scheduleExpressions.js';
export { CloudWatchEvent } from './app/chalice/lambdaEvent.js';
export { S3Event, SNSEvent } from './app/chalice/storageEvents.js';
export {
  DynamoDBEvent,
  DynamoDBRecord,
  KinesisEvent,
  KinesisRecord,
  SQSEvent,
  SQSRecord,
} from './app/chalice/batchEvents.js';
export { AuthResponse, CORSConfig, Response } from './app/chalice/http/httpValues.js';
export type { FunctionSettings, SourceSpec } from './app/chalice/registration.js';
export type { EventHandler, ScheduleSettings } from './app/chalice/registrar.js';
export type { DynamodbSource, KinesisSource, S3Source, SnsSource, SqsSource } from './app/chalice/sourceOptions.js';
