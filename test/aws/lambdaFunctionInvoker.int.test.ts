import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaFunctionInvoker } from '../../src/adapters/lambda/lambdaFunctionInvoker.js';
import { HandledLambdaError, startLambdaServer, type LambdaServer } from '../support/awsProtocol/lambdaServer.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';

let lambda: LambdaServer;
let invoker: LambdaFunctionInvoker;

beforeAll(async () => {
  lambda = await startLambdaServer();
  invoker = new LambdaFunctionInvoker({
    client: new LambdaClient({ ...LOCAL_CLIENT_CONFIG, endpoint: lambda.endpoint, maxAttempts: 1 }),
    functionNamePrefix: 'prod-',
  });
});
afterAll(() => lambda.close());

const call = (functionName: string, payload: unknown = { key: 'a.jpg' }) =>
  invoker.invoke({ functionName, payload: payload as never, requestId: 'req-1', attempt: 2 });

describe('LambdaFunctionInvoker against the Lambda Invoke API', () => {
  it('returns the response of a successful call and sends request id and attempt in the client context', async () => {
    lambda.deploy('prod-resize', { code: (payload) => ({ resized: (payload as { key: string }).key }) });
    expect(await call('resize')).toEqual({ kind: 'succeeded', response: { resized: 'a.jpg' } });
    const sent = lambda.invokes.at(-1)!;
    expect(sent).toMatchObject({
      functionName: 'prod-resize',
      invocationType: 'RequestResponse',
      payload: { key: 'a.jpg' },
    });
    expect(sent.clientContext).toEqual({ custom: { requestId: 'req-1', attempt: '2' } });
  });

  it('maps X-Amz-Function-Error Unhandled (a throw) and Handled to failed attempts with the error body', async () => {
    lambda.deploy('prod-crash', {
      code: () => {
        throw new TypeError('boom');
      },
    });
    lambda.deploy('prod-refuse', {
      code: () => {
        throw new HandledLambdaError('bad input');
      },
    });
    expect(await call('crash')).toMatchObject({
      kind: 'failed',
      functionError: 'Unhandled',
      error: { errorType: 'TypeError', errorMessage: 'boom' },
    });
    expect(await call('refuse')).toMatchObject({
      kind: 'failed',
      functionError: 'Handled',
      error: { errorMessage: 'bad input' },
    });
  });

  it('maps a function timeout (HTTP 200, Sandbox.Timedout) to an Unhandled failure', async () => {
    lambda.deploy('prod-slow', { code: () => new Promise(() => undefined), timeoutSeconds: 3, timeoutMs: 20 });
    const result = await call('slow');
    expect(result).toMatchObject({
      kind: 'failed',
      functionError: 'Unhandled',
      error: { errorType: 'Sandbox.Timedout' },
    });
  });

  it('maps 429 TooManyRequestsException to a throttle and a 5xx to a service-side throttle', async () => {
    lambda.deploy('prod-busy', { code: () => 'ok', reservedConcurrency: 0 });
    expect(await call('busy')).toMatchObject({
      kind: 'throttled',
      reason: 'concurrency',
      detail: expect.stringContaining('TooManyRequestsException'),
    });
    lambda.deploy('prod-flaky', { code: () => 'ok' });
    lambda.fail('Invoke', { kind: 'error', status: 503, type: 'ServiceException', message: 'try later' });
    expect(await call('flaky')).toMatchObject({ kind: 'throttled', reason: 'system' });
    expect(await call('flaky')).toEqual({ kind: 'succeeded', response: 'ok' });
  });

  it('maps an unknown function and a 413 to Unhandled failures that name the refusal', async () => {
    expect(await call('missing')).toMatchObject({
      kind: 'failed',
      functionError: 'Unhandled',
      error: { errorType: 'ResourceNotFoundException' },
    });
    lambda.deploy('prod-big', { code: () => 'ok' });
    const result = await call('big', { blob: 'x'.repeat(6 * 1024 * 1024) });
    expect(result).toMatchObject({ kind: 'failed', error: { errorType: 'RequestEntityTooLargeException' } });
  });
});
