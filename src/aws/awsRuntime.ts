import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { InProcessBus } from '../adapters/bus/inProcessBus.js';
import { DynamodbEventStore } from '../adapters/dynamodb/dynamodbEventStore.js';
import { EventBridgeBus } from '../adapters/eventbridge/eventBridgeBus.js';
import { HttpServer } from '../adapters/http/httpServer.js';
import { LambdaFunctionInvoker } from '../adapters/lambda/lambdaFunctionInvoker.js';
import { SfnTimerService } from '../adapters/sfn/sfnTimerService.js';
import { SnsTopicPublisher } from '../adapters/sns/snsTopicPublisher.js';
import { SqsQueueSender } from '../adapters/sqs/sqsQueueSender.js';
import { errorMessage, ValidationError } from '../core/errors.js';
import type { ResponsePutter } from '../app/customResource/executors.js';
import { defaultHandlerRegistry, type HandlerRegistry } from '../app/customResource/handlerRegistry.js';
import { createCustomResourceModule } from '../app/customResource/module.js';
import type { AppEnvironment, AppModule } from '../app/environment.js';
import { createFunctions, type FunctionsApp } from '../app/functions/functionsApp.js';
import { provideFunctions } from '../app/functions/functionsModule.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/eventStore.js';
import { LOCAL_ARN_SCOPE, type ArnScope } from '../protocol/invocation/config.js';
import { Runtime } from '../runtime/runtime.js';
import { systemClock } from '../runtime/systemClock.js';
import { AWS_ENV } from './contract.js';
import type { LambdaContextLike } from './relayBudget.js';

/** AWS SDK clients the Lambda entry points use; each defaults to one built from the Lambda's environment. */
export interface AwsClients {
  readonly dynamodb?: DynamoDBClient;
  readonly lambda?: LambdaClient;
  readonly sfn?: SFNClient;
  readonly sqs?: SQSClient;
  readonly sns?: SNSClient;
  /** Event-bus destinations (invocation results; the deployed responseOnly rules match them). */
  readonly eventbridge?: EventBridgeClient;
}

/** Options of `createIngressHandler` and `createSweeperHandler`. */
export interface AwsHandlerOptions {
  /** The user's app: modules that register machines, custom resource handlers and functions. */
  readonly app: AppModule | readonly AppModule[];
  /** Default: `process.env` (the deployment sets the `AWS_ENV` names). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clients?: AwsClients;
  /** Default: the DynamoDB table named by `STATEBRIDGE_TABLE`. */
  readonly store?: EventStore;
  readonly clock?: Clock;
  /** Custom resource handlers by name; default the shared registry the app's modules register into. */
  readonly handlers?: HandlerRegistry;
  /** How custom resource answers are PUT (default: HTTPS PUT to the presigned URL with the retry rules). */
  readonly put?: ResponsePutter;
  /** Account and region that ARNs in invocation records name (default: the Lambda's own, see `lambdaArnScope`). */
  readonly scope?: ArnScope;
  /** One JSON line per notable thing (bad input, faults); default `console.log`. */
  readonly log?: (line: string) => void;
  /** Time kept back from the Lambda's remaining time when relaying (default 1,500 ms). */
  readonly safetyMarginMs?: number;
}

/** The runtime of one Lambda container, built on its first invocation and kept while it is warm. */
export interface AwsRuntime {
  readonly runtime: Runtime;
  readonly env: AppEnvironment;
  readonly handlers: HandlerRegistry;
  readonly functions: FunctionsApp;
  readonly log: (line: string) => void;
}

/** Build the runtime over DynamoDB with Step Functions timers and Lambda-invoked functions, then install the app. */
export function buildAwsRuntime(options: AwsHandlerOptions, context?: LambdaContextLike): AwsRuntime {
  const vars = options.env ?? process.env;
  const scope = options.scope ?? lambdaArnScope(context, vars);
  const clients = options.clients ?? {};
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? systemClock;
  const shards = vars[AWS_ENV.indexShards];
  const store =
    options.store ??
    new DynamodbEventStore({
      client: clients.dynamodb ?? new DynamoDBClient({}),
      tableName: required(vars, AWS_ENV.table),
      ...(shards === undefined || shards === '' ? {} : { indexShards: Number(shards) }),
    });
  const timerArn = vars[AWS_ENV.timerStateMachineArn];
  const runtime = new Runtime({
    store,
    clock,
    onError: (error) =>
      log(
        JSON.stringify({
          level: 'error',
          message: 'statebridge: fault outside a machine',
          error: errorMessage(error),
        }),
      ),
    // In Lambda, timers are Step Functions executions and the sweeper; no in-process loop.
    ...(timerArn === undefined || timerArn === ''
      ? { timers: false }
      : { timers: new SfnTimerService({ client: clients.sfn ?? new SFNClient({}), stateMachineArn: timerArn }) }),
  });
  const bus = new InProcessBus({ clock, account: scope.account, region: scope.region });
  const env: AppEnvironment = { runtime, store, clock, bus, http: new HttpServer(), log };
  const handlers = options.handlers ?? defaultHandlerRegistry;
  createCustomResourceModule({ handlers, ...(options.put === undefined ? {} : { put: options.put }) }).install(env);
  const functions = createFunctions({
    runtime,
    bus,
    clock,
    log,
    invoker: new LambdaFunctionInvoker({
      client: clients.lambda ?? new LambdaClient({ maxAttempts: 1 }),
      functionNamePrefix: vars[AWS_ENV.functionNamePrefix] ?? '',
    }),
    queue: new SqsQueueSender({ client: clients.sqs ?? new SQSClient({}) }),
    topic: new SnsTopicPublisher({ client: clients.sns ?? new SNSClient({}) }),
    scope,
    eventBuses: eventBridgeBuses(clients.eventbridge),
  });
  provideFunctions(env, functions);
  for (const module of Array.isArray(options.app) ? options.app : [options.app as AppModule]) module.install(env);
  return { runtime, env, handlers, functions, log };
}

/**
 * The ARN scope of records written on AWS: account and region of the invoked function's own ARN (else
 * `AWS_REGION` and the placeholder account), and the deployment's function-name prefix, so records name
 * the functions as AWS does and the deployed responseOnly rules (`<prefix><name>:$LATEST`) match them.
 */
export function lambdaArnScope(
  context: LambdaContextLike | undefined,
  vars: Readonly<Record<string, string | undefined>>,
): ArnScope {
  const [, , service, region, account] = context?.invokedFunctionArn?.split(':') ?? [];
  const fromArn = service === 'lambda' && region !== undefined && account !== undefined && account !== '';
  const prefix = vars[AWS_ENV.functionNamePrefix];
  return {
    account: fromArn ? account : LOCAL_ARN_SCOPE.account,
    region: fromArn ? region : (vars['AWS_REGION'] ?? LOCAL_ARN_SCOPE.region),
    ...(prefix === undefined || prefix === '' ? {} : { functionNamePrefix: prefix }),
  };
}

/** One EventBridge bus adapter per destination bus name, made on first use. */
function eventBridgeBuses(client: EventBridgeClient | undefined): (busName: string) => EventBridgeBus {
  const buses = new Map<string, EventBridgeBus>();
  let shared = client;
  return (busName) => {
    let bus = buses.get(busName);
    if (bus === undefined) {
      shared ??= new EventBridgeClient({});
      bus = new EventBridgeBus({ client: shared, eventBusName: busName });
      buses.set(busName, bus);
    }
    return bus;
  };
}

function required(vars: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = vars[name];
  if (value === undefined || value === '')
    throw new ValidationError('Lambda environment', [{ path: name, rule: 'must be set by the deployment' }]);
  return value;
}
