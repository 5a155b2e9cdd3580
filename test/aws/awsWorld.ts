import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamodbEventStore } from '../../src/adapters/dynamodb/dynamodbEventStore.js';
import { ensureTable } from '../../src/adapters/dynamodb/tableSchema.js';
import { EventBridgeBus } from '../../src/adapters/eventbridge/eventBridgeBus.js';
import { HttpServer } from '../../src/adapters/http/httpServer.js';
import { HandlerRegistry } from '../../src/app/customResource/handlerRegistry.js';
import { ResponseInbox } from '../../src/app/customResource/responseInbox.js';
import type { AppModule } from '../../src/app/environment.js';
import { AWS_ENV, INGRESS_EVENT_PATTERN, RESPONSE_ONLY_ALIAS_PREFIX } from '../../src/aws/contract.js';
import { createFunctionHandler } from '../../src/aws/functionHandler.js';
import { createIngressHandler, type IngressHandler } from '../../src/aws/ingressHandler.js';
import type { IngressResult } from '../../src/aws/ingressResult.js';
import type { LambdaContextLike } from '../../src/aws/relayBudget.js';
import type { WebsocketSenderFactory } from '../../src/aws/websocketReplies.js';
import type { Json } from '../../src/core/stepRecord.js';
import { createSweeperHandler, type SweepResult } from '../../src/aws/sweeperHandler.js';
import type { EventBridgeEnvelope } from '../../src/protocol/eventBridgeEnvelope.js';
import { matchesEventPattern } from '../../src/protocol/eventPattern.js';
import { selectInputPath } from '../../src/protocol/inputPath.js';
import { qualifiedFunctionArn } from '../../src/protocol/invocation/config.js';
import { RESPONSE_ONLY_INPUT_PATH, responseOnlyRulePattern } from '../../src/protocol/invocation/eventBridgeResult.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from '../adapters/dynamodbFixture.js';
import {
  startEventBridgeServer,
  type EventBridgeServer,
  type WireEntry,
} from '../support/awsProtocol/eventBridgeServer.js';
import { startLambdaServer, type LambdaServer } from '../support/awsProtocol/lambdaServer.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';
import { startSfnServer, type SfnServer } from '../support/awsProtocol/sfnServer.js';
import { startSqsServer, type SqsServer } from '../support/awsProtocol/sqsServer.js';

/**
 * The AWS side of statebridge on 127.0.0.1: dynalite, Lambda, Step Functions, EventBridge, SQS and a presigned-URL
 * endpoint.
 */
export interface AwsWorld {
  readonly clock: VirtualClock;
  readonly dynamo: Dynalite;
  readonly tableName: string;
  /** A store of its own, for reading the table the way `statebridge timeline` would. */
  readonly reader: DynamodbEventStore;
  readonly lambda: LambdaServer;
  readonly sfn: SfnServer;
  readonly events: EventBridgeServer;
  readonly sqs: SqsServer;
  readonly inbox: ResponseInbox;
  readonly handlers: HandlerRegistry;
  readonly env: Record<string, string>;
  readonly clients: {
    dynamodb: DynamoDBClient;
    lambda: LambdaClient;
    sfn: SFNClient;
    sqs: SQSClient;
    sns: SNSClient;
    eventbridge: EventBridgeClient;
  };
  /** The bus as another Lambda would reach it (for a Responder outside the ingress). */
  readonly bus: EventBridgeBus;
  /** The ingress Lambda, called with a context that has a minute left. */
  ingress(event: unknown, context?: LambdaContextLike): Promise<IngressResult>;
  /** A fresh ingress container over the same table and services (nothing cached), called like `ingress`. */
  coldIngress(): (event: unknown, context?: LambdaContextLike) => Promise<IngressResult>;
  sweep(): Promise<SweepResult>;
  /** Play statebridge's bus rule: every event put since the last call that matches it goes to the ingress. */
  forwardBusEvents(): Promise<IngressResult[]>;
  /**
   * Play the deployed responseOnly rules (CDK's shape: pattern on the source's `$LATEST` ARN, InputPath
   * `$.detail.responsePayload`, target the ingress alias `responseOnly-<target>`) over every default-bus
   * event put since the last call.
   */
  forwardResponseOnly(rules: readonly ResponseOnlyRule[]): Promise<IngressResult[]>;
  /** Play the timer state machine for every wait that is over at the virtual clock's time. */
  fireTimers(): Promise<number>;
  close(): Promise<void>;
}

/** A deployed responseOnly rule: results of `source` for one outcome, to the ingress alias of `target`. */
interface ResponseOnlyRule {
  readonly source: string;
  readonly success: boolean;
  readonly target: string;
}

/** Account and region of the deployment in these tests; records must carry them, not placeholders. */
export const WORLD_ACCOUNT = '123456789012';
export const WORLD_REGION = 'eu-west-1';
export const INGRESS_ARN = `arn:aws:lambda:${WORLD_REGION}:${WORLD_ACCOUNT}:function:statebridge-ingress`;

let invocations = 0;
const lambdaContext = (invokedFunctionArn = INGRESS_ARN) => ({
  getRemainingTimeInMillis: () => 60_000,
  invokedFunctionArn,
  awsRequestId: `ingress-${(invocations += 1)}`,
});

/** Start everything; `app` is installed into the ingress, the sweeper, and every deployed function. */
export async function startAwsWorld(
  app: (handlers: HandlerRegistry) => AppModule,
  functionNames: readonly string[],
  extraEnv: Record<string, string> = {},
  functionOptions: { websocketSender?: WebsocketSenderFactory } = {},
): Promise<AwsWorld> {
  const clock = new VirtualClock();
  const dynamo = await startDynalite();
  const tableName = freshTableName();
  const local = (endpoint: string) => ({ ...LOCAL_CLIENT_CONFIG, endpoint, maxAttempts: 1 });
  const dynamodb = clientFor(dynamo.endpoint);
  await ensureTable(dynamodb, tableName);
  const [lambda, sfn, events, sqs] = await Promise.all([
    startLambdaServer(),
    startSfnServer(),
    startEventBridgeServer(),
    startSqsServer(),
  ]);
  const http = new HttpServer();
  const inbox = new ResponseInbox(clock).mount(http);
  await http.listen();
  const clients = {
    dynamodb,
    lambda: new LambdaClient(local(lambda.endpoint)),
    sfn: new SFNClient(local(sfn.endpoint)),
    sqs: new SQSClient(local(sqs.endpoint)),
    sns: new SNSClient(local(sqs.endpoint)),
    eventbridge: new EventBridgeClient(local(events.endpoint)),
  };
  const env = {
    [AWS_ENV.table]: tableName,
    [AWS_ENV.timerStateMachineArn]: sfn.createStateMachine('statebridge-timers'),
    [AWS_ENV.functionNamePrefix]: 'prod-',
    [AWS_ENV.bus]: 'statebridge',
    ...extraEnv,
  };
  const handlers = new HandlerRegistry();
  const module = app(handlers);
  const options = { app: module, env, clients, clock, handlers, log: () => undefined };
  const ingress: IngressHandler = createIngressHandler(options);
  const sweeper = createSweeperHandler(options);
  for (const name of functionNames) {
    const code = createFunctionHandler({ app: app(new HandlerRegistry()), name, ...functionOptions });
    lambda.deploy(`prod-${name}`, {
      code: (payload, context) =>
        code(payload, {
          awsRequestId: context.awsRequestId,
          clientContext: context.clientContext as { custom?: Record<string, unknown> },
        }),
    });
  }
  let forwarded = 0;
  let forwardedResults = 0;
  const world: AwsWorld = {
    clock,
    dynamo,
    tableName,
    reader: new DynamodbEventStore({ client: dynamodb, tableName, snapshotCache: false }),
    lambda,
    sfn,
    events,
    sqs,
    inbox,
    handlers,
    env,
    clients,
    bus: new EventBridgeBus({ client: new EventBridgeClient(local(events.endpoint)), eventBusName: 'statebridge' }),
    // Through these paths the ingress answers an IngressResult (an App source's alias answers what its source expects).
    ingress: (event, context) => ingress(event, context ?? lambdaContext()) as Promise<IngressResult>,
    coldIngress() {
      const fresh = createIngressHandler({ ...options, app: app(handlers) });
      return (event, context) => fresh(event, context ?? lambdaContext()) as Promise<IngressResult>;
    },
    sweep: () => sweeper({}, lambdaContext()),
    async forwardBusEvents() {
      const results: IngressResult[] = [];
      for (const { eventId, entry } of events.events.slice(forwarded)) {
        forwarded += 1;
        const envelope = envelopeOf(eventId, entry, clock.now());
        if (matchesEventPattern(INGRESS_EVENT_PATTERN, envelope)) results.push(await world.ingress(envelope));
      }
      return results;
    },
    async forwardResponseOnly(rules) {
      const results: IngressResult[] = [];
      for (const { eventId, entry } of events.events.slice(forwardedResults)) {
        forwardedResults += 1;
        if ((entry.EventBusName ?? 'default') !== 'default') continue;
        const envelope = envelopeOf(eventId, entry, clock.now());
        for (const rule of rules) {
          const sourceArn = qualifiedFunctionArn(rule.source, {
            account: WORLD_ACCOUNT,
            region: WORLD_REGION,
            functionNamePrefix: 'prod-',
          });
          if (!matchesEventPattern(responseOnlyRulePattern(sourceArn, rule.success), envelope)) continue;
          const alias = `${INGRESS_ARN}:${RESPONSE_ONLY_ALIAS_PREFIX}${rule.target}`;
          const input = selectInputPath(RESPONSE_ONLY_INPUT_PATH, envelope as unknown as Json);
          results.push((await ingress(input, lambdaContext(alias))) as IngressResult);
        }
      }
      return results;
    },
    fireTimers: () => sfn.completeWaits(clock.now(), async (input) => void (await world.ingress(input))),
    async close() {
      await Promise.all([lambda.close(), sfn.close(), events.close(), sqs.close(), http.close()]);
      await dynamo.close();
    },
  };
  return world;
}

/** The event EventBridge makes of an accepted entry. */
function envelopeOf(eventId: string, entry: WireEntry, now: number): EventBridgeEnvelope {
  return {
    version: '0',
    id: eventId,
    'detail-type': entry.DetailType ?? '',
    source: entry.Source ?? '',
    account: WORLD_ACCOUNT,
    time: new Date(now).toISOString(),
    region: WORLD_REGION,
    resources: entry.Resources ?? [],
    detail: JSON.parse(entry.Detail ?? '{}') as EventBridgeEnvelope['detail'],
  };
}
