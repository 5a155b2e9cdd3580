// statebridge — the public API: what an application writes code against. Named exports only.
// Inspection, event-source payloads and wire formats are subpaths (`statebridge/timeline`,
// `statebridge/event-sources`, `statebridge/protocol`), as are the cloud adapters and the test kit.
// test/packageExports.test.ts pins every entry's names, so a new export is a reviewed change.

// Machines
export { defineMachine } from './core/machineDefinition.js';
export type { MachineDefinition } from './core/machineDefinition.js';
export { replayStream } from './core/replay.js';
export type { Divergence, ReplayReport } from './core/replay.js';
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
  errorCode,
  errorMessage,
  HandlerNotRegisteredError,
  InstanceNotFoundError,
  isConcurrencyConflict,
  isPayloadSizeError,
  isStatebridgeError,
  ModuleLoadError,
  PayloadLimitError,
  PayloadTooLargeError,
  StatebridgeError,
  ValidationError,
} from './core/errors.js';
export type { ErrorCode, StatebridgeErrorOptions, ValidationIssue } from './core/errors.js';

// Ports
export type { EventStore, ListInstancesQuery, Page, ReadStreamOptions } from './ports/eventStore.js';
export type { Clock } from './ports/clock.js';
export type { Bus, PutEventsResult } from './ports/bus.js';
export type { OutgoingQueueMessage, QueueMessageAttribute, QueueSender } from './ports/queueSender.js';
export type { OutgoingTopicMessage, TopicMessageAttribute, TopicPublisher } from './ports/topicPublisher.js';

// Runtime and clocks (create one with createRuntime; the class is exported for its type)
export { createRuntime } from './runtime/runtime.js';
export type { Runtime, RuntimeOptions, SendOptions, StepResult } from './runtime/runtime.js';
export type { CommandExecutor, ExecutorContext } from './runtime/executor.js';
export { storeOnly } from './runtime/executor.js';
export { contextOf, defineExecutors } from './runtime/typedExecutors.js';
export type { ExecutorOf, ExecutorsOf, TypedCommand } from './runtime/typedExecutors.js';
export { COMMAND_DONE, COMMAND_FAILED } from './core/stepProtocol.js';
export type { CommandDoneEvent, CommandError, CommandFailedEvent, CommandOutcomeEvent } from './core/stepProtocol.js';
export { TimerLoop } from './runtime/timerLoop.js';
export { VirtualClock } from './runtime/virtualClock.js';
export { systemClock } from './runtime/systemClock.js';

// Embedded stores, bus, queue and topic
export { MemoryEventStore } from './adapters/memory/memoryEventStore.js';
export { SqliteEventStore } from './adapters/sqlite/sqliteEventStore.js';
export type { SqliteEventStoreOptions } from './adapters/sqlite/sqliteEventStore.js';
export { InProcessBus } from './adapters/bus/inProcessBus.js';
export type { BusDelivery, BusRule, BusTarget, InProcessBusOptions } from './adapters/bus/inProcessBus.js';
export type { EventPattern } from './protocol/eventPattern.js';
export type { EventBridgeEnvelope, PutEventsEntry } from './protocol/eventBridgeEnvelope.js';
export { EmbeddedQueue } from './adapters/queue/embeddedQueue.js';
export type { QueuedMessage } from './adapters/queue/embeddedQueue.js';
export { EmbeddedTopic } from './adapters/topic/embeddedTopic.js';
export type { PublishedMessage } from './adapters/topic/embeddedTopic.js';
export { sendToInstance, startInstance } from './app/instanceTargets.js';
export type { SendToInstanceOptions, StartInstanceOptions } from './app/instanceTargets.js';

// Custom resources (CloudFormation and ROS)
export { BaseHandler } from './app/customResource/baseHandler.js';
export type {
  BaseHandlerOptions,
  HandlerContext,
  HandlerEvent,
  PollStart,
  RawProperties,
} from './app/customResource/baseHandler.js';
export { Defer, Failed, Success } from './app/customResource/results.js';
export type { HandlerReturn, PollReturn, ResourceData } from './app/customResource/results.js';
export { Responder } from './app/customResource/responder.js';
export { HandlerRegistry } from './app/customResource/handlerRegistry.js';
export { createCustomResourceModule, customResourceModule } from './app/customResource/module.js';
export type { CustomResourceModuleOptions } from './app/customResource/module.js';
export { receiveCustomResourceRequest } from './app/customResource/requestIntake.js';
export type { IntakeOptions, IntakeResult } from './app/customResource/requestIntake.js';
export { signRosRequest } from './app/customResource/rosSignature.js';
export type { RosSigning } from './app/customResource/rosSignature.js';

// Asynchronous invocations (create an app with createFunctions; the class is exported for its type)
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
export type { DeadLetterTarget, Destination, DestinationOutcome } from './app/functions/destination.js';
export {
  FunctionNotRegisteredError,
  FunctionThrottledError,
  HandledFunctionError,
} from './app/functions/functionErrors.js';
export type { FunctionErrorCode } from './app/functions/functionErrors.js';
export { createFunctions, ASYNC_PAYLOAD_LIMIT_BYTES } from './app/functions/functionsApp.js';
export type {
  FunctionsApp,
  FunctionsAppOptions,
  InvokeAsyncOptions,
  InvokeAsyncResult,
} from './app/functions/functionsApp.js';
export { functionsFor, functionsModule } from './app/functions/functionsModule.js';
export { followChain } from './app/functions/chain.js';
export type { ChainLink } from './app/functions/chain.js';
export type { AsyncInvokeConfig, DeadLetterSpec, DestinationSpec } from './protocol/invocation/config.js';
export type { FunctionErrorKind, InvocationCondition, InvocationRecord } from './protocol/invocation/record.js';

// Composing an app: the environment modules install into, the HTTP server, the timeline page
export type { AppEnvironment, AppModule } from './app/environment.js';
export { HttpServer } from './adapters/http/httpServer.js';
export type { RouteHandler, HttpServerOptions } from './adapters/http/httpServer.js';
export { TOKEN_HEADER } from './adapters/http/requestGuard.js';
export type { RoutePolicy, RouteAuth, RouteBody } from './adapters/http/requestGuard.js';
export { readLocalToken, tokenFilePath } from './cli/localToken.js';
export { timelineModule } from './web/timelineModule.js';

// The App: functions declared by what starts them (schedules, patterns, S3, SNS, SQS, streams)
export { App } from './app/chalice/app.js';
export { appModuleFor } from './app/chalice/appModule.js';
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
export { Request } from './app/chalice/http/request.js';
export type { ProxyEvent, ProxyRequestContext, ProxyResult } from './app/chalice/http/proxyEvent.js';
export type { ViewHandler } from './app/chalice/http/routeFunction.js';
export type { RouteOptions } from './app/chalice/http/routeOptions.js';
export {
  AuthRequest,
  ChaliceAuthorizer,
  CognitoUserPoolAuthorizer,
  CustomAuthorizer,
  IAMAuthorizer,
} from './app/chalice/http/authorizers.js';
export type { Authorizer, AuthorizerHandler } from './app/chalice/http/authorizers.js';
export {
  BadRequestError,
  ChaliceViewError,
  ConflictError,
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  RequestTimeoutError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableEntityError,
} from './app/chalice/http/viewErrors.js';
export { LOCAL_API_BODY_LIMIT_BYTES, startLocalApi } from './local/chalice/localApi.js';
export type { LocalApi } from './local/chalice/localApi.js';
export { AppRunner, runApp } from './local/chalice/appRunner.js';
export type { RunAppOptions } from './local/chalice/appRunner.js';
export { EmbeddedBucket } from './adapters/bucket/embeddedBucket.js';
export type { FunctionSettings, SourceSpec } from './app/chalice/registration.js';
export type { EventHandler, ScheduleSettings } from './app/chalice/registrar.js';
export type { DynamodbSource, KinesisSource, S3Source, SnsSource, SqsSource } from './app/chalice/sourceOptions.js';

// App stream sources: embedded Kinesis and table streams, the stream mapping and its checkpoints in the log
export { EmbeddedStream, hashKeyOf, shardIdOf } from './adapters/stream/embeddedStream.js';
export type { PutRecordResult, StreamEntry } from './adapters/stream/embeddedStream.js';
export { EmbeddedTableStream } from './adapters/stream/embeddedTableStream.js';
export type { ItemChange } from './adapters/stream/embeddedTableStream.js';
export { AppStreams } from './local/chalice/appStreams.js';
export type { StreamSourceOptions } from './local/chalice/appStreams.js';
export { StreamMapping } from './local/chalice/streamMapping.js';
export type { StreamMappingDeps } from './local/chalice/streamMapping.js';
export type { CheckpointLog } from './local/chalice/streamCheckpoints.js';
export { compareSequenceNumbers } from './ports/shardSource.js';
export type { ShardCursor, ShardRecord, ShardSource, ShardStart } from './ports/shardSource.js';

// The App's websocket API: handlers per route, talking back to clients, and the local host
export { WebsocketEvent } from './app/chalice/websocket/websocketEvent.js';
export {
  WebsocketApi,
  WebsocketDisconnectedError,
  isWebsocketDisconnectedError,
} from './app/chalice/websocket/websocketApi.js';
export type { WebsocketSenderSource } from './app/chalice/websocket/websocketApi.js';
export type { WebsocketHandler } from './app/chalice/websocket/websocketRegistration.js';
export type { WebsocketConnectionInfo, WebsocketSender } from './ports/websocketSender.js';
export { websocketProxyEventOf } from './protocol/websocket/websocketProxyEvent.js';
export type { WebsocketProxyEvent, WebsocketRouteKey } from './protocol/websocket/websocketProxyEvent.js';
export { attachWebsocketApi, WEBSOCKET_MESSAGE_LIMIT_BYTES } from './local/chalice/localWebsocket.js';
export type { WebsocketApiHost, WebsocketApiOptions } from './local/chalice/localWebsocket.js';
