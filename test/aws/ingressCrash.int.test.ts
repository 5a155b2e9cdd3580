import type { IngressResult } from '../../src/aws/ingressResult.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamodbEventStore } from '../../src/adapters/dynamodb/dynamodbEventStore.js';
import { ensureTable } from '../../src/adapters/dynamodb/tableSchema.js';
import { HttpServer } from '../../src/adapters/http/httpServer.js';
import { HandlerRegistry } from '../../src/app/customResource/handlerRegistry.js';
import { ResponseInbox } from '../../src/app/customResource/responseInbox.js';
import { AWS_ENV, INVOKE_REQUEST_KIND } from '../../src/aws/contract.js';
import { createFunctionHandler } from '../../src/aws/functionHandler.js';
import { createIngressHandler } from '../../src/aws/ingressHandler.js';
import { createSweeperHandler } from '../../src/aws/sweeperHandler.js';
import { systemClock } from '../../src/runtime/systemClock.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from '../adapters/dynamodbFixture.js';
import { startLambdaServer, type LambdaServer } from '../support/awsProtocol/lambdaServer.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';
import { startSfnServer, type SfnServer } from '../support/awsProtocol/sfnServer.js';
import { runKillableWorker } from '../support/killableWorker.js';
import { startSqsServer, type SqsServer } from '../support/awsProtocol/sqsServer.js';
import { crashApp } from './fixtures/crashApp.js';

let dynamo: Dynalite;
let lambda: LambdaServer;
let sfn: SfnServer;
let sqs: SqsServer;
const http = new HttpServer();
const inbox = new ResponseInbox(systemClock).mount(http);
const dir = mkdtempSync(join(tmpdir(), 'statebridge-aws-crash-'));

beforeAll(async () => {
  [dynamo, lambda, sfn, sqs] = await Promise.all([
    startDynalite(),
    startLambdaServer(),
    startSfnServer(),
    startSqsServer(),
  ]);
  await http.listen();
  sqs.createQueue('results');
  const code = createFunctionHandler({ app: crashApp(new HandlerRegistry()), name: 'echo' });
  lambda.deploy('prod-echo', {
    code: (payload, context) =>
      code(payload, { clientContext: context.clientContext as { custom?: Record<string, unknown> } }),
  });
});
afterAll(async () => {
  await Promise.all([lambda.close(), sfn.close(), sqs.close(), http.close()]);
  await dynamo.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The parts of an invocation record that are decided (the timestamp is when it was sent). */
const pick = (record: Record<string, unknown>) => ({
  requestContext: record['requestContext'],
  requestPayload: record['requestPayload'],
  responsePayload: record['responsePayload'],
});

/**
 * Run the ingress worker on `inputs` and kill -9 it right after its `killAt`-th commit; returns how many commits it
 * printed.
 */
async function runWorker(configPath: string, killAt: number): Promise<{ commits: number; killed: boolean }> {
  let commits = 0;
  const worker = join(import.meta.dirname, 'fixtures', 'ingressCrashWorker.ts');
  const { killed } = await runKillableWorker(worker, [configPath], (line) => {
    if (line === 'commit') commits += 1;
    return commits >= killAt;
  });
  return { commits, killed };
}

describe('an ingress killed between commit and relay', () => {
  it('loses and duplicates no decided answer and no destination delivery once the sweeper ran', async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 100_000);
    let random = seed;
    const next = () => (random = (random * 16807) % 2147483647) / 2147483647;
    console.log(`crash test seed ${seed} (CRASH_SEED=${seed} replays it)`);
    let repeated = 0;
    for (let round = 0; round < 3; round += 1) {
      const tableName = freshTableName();
      const dynamodb = clientFor(dynamo.endpoint);
      await ensureTable(dynamodb, tableName);
      const env = {
        [AWS_ENV.table]: tableName,
        [AWS_ENV.timerStateMachineArn]: sfn.createStateMachine(`timers-${round}`),
        [AWS_ENV.functionNamePrefix]: 'prod-',
      };
      const tokens = Array.from({ length: 4 }, (_, i) => `r${round}-cr-${i}`);
      const invocations = Array.from({ length: 4 }, (_, i) => `r${round}-inv-${i}`);
      const inputs = [
        ...tokens.map((token) => ({
          RequestType: 'Create',
          ResponseURL: inbox.urlFor(token),
          StackId: `arn:aws:cloudformation:us-east-1:000000000000:stack/crash/${round}`,
          RequestId: token,
          LogicalResourceId: `Thing${token}`,
          ResourceType: 'Custom::Thing',
          ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:ingress',
          ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:ingress' },
        })),
        ...invocations.map((requestId) => ({
          kind: INVOKE_REQUEST_KIND,
          functionName: 'echo',
          payload: { requestId },
          requestId,
        })),
      ];
      const configPath = join(dir, `round-${round}.json`);
      writeFileSync(
        configPath,
        JSON.stringify({
          endpoints: { dynamodb: dynamo.endpoint, lambda: lambda.endpoint, sfn: sfn.endpoint, sqs: sqs.endpoint },
          env,
          inputs,
        }),
      );
      const killAt = 1 + Math.floor(next() * 40);
      const run = await runWorker(configPath, killAt);
      expect(run.killed || run.commits < killAt).toBe(true);

      // What the platform does next: the async invoke of the ingress is retried, and the sweeper runs.
      const handlers = new HandlerRegistry();
      const local = (endpoint: string) => ({ ...LOCAL_CLIENT_CONFIG, endpoint, maxAttempts: 1 });
      const options = {
        app: crashApp(handlers),
        handlers,
        env,
        clients: {
          dynamodb,
          lambda: new LambdaClient(local(lambda.endpoint)),
          sfn: new SFNClient(local(sfn.endpoint)),
          sqs: new SQSClient(local(sqs.endpoint)),
          sns: new SNSClient(local(sqs.endpoint)),
        },
        log: () => undefined,
      };
      const ingress = createIngressHandler(options);
      for (const input of inputs) {
        const taken = (await ingress(input)) as IngressResult;
        expect(taken.ok, JSON.stringify(taken)).toBe(true);
      }
      const sweep = await createSweeperHandler(options)();
      expect(sweep.leftPending).toBe(false);

      const reader = new DynamodbEventStore({ client: dynamodb, tableName, snapshotCache: false });
      for (const token of tokens) {
        const answers = inbox.for(token);
        expect(answers.length, `answers for ${token} (kill at ${killAt})`).toBeGreaterThanOrEqual(1);
        // Decided once: every PUT of one request carries the same body.
        expect(new Set(answers.map((a) => a.body)).size).toBe(1);
        expect(JSON.parse(answers[0]!.body)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `thing-${token}` });
      }
      for (const requestId of invocations) {
        const head = await reader.readHead(requestId);
        expect(head?.pending.commands, `pending of ${requestId}`).toEqual([]);
        const delivered = sqs.messages.filter(
          (m) =>
            m.queueName === 'results' &&
            (JSON.parse(m.body) as { requestContext: { requestId: string } }).requestContext.requestId === requestId,
        );
        // A standard queue is at-least-once: a send repeated after a crash is allowed, a lost or different one is not.
        expect(delivered.length, `deliveries of ${requestId} (kill at ${killAt})`).toBeGreaterThanOrEqual(1);
        const outcomes = new Set(
          delivered.map((m) => JSON.stringify(pick(JSON.parse(m.body) as Record<string, unknown>))),
        );
        expect(outcomes.size).toBe(1);
        repeated += delivered.length - 1;
      }
      const work = await reader.listWork({ dueBy: Date.now() });
      expect(work).toEqual([]);
    }
    console.log(`deliveries repeated after a crash: ${repeated}`);
  }, 180_000);
});
