import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/chalice/app.js';
import { appModuleFor } from '../../src/app/chalice/appModule.js';
import { AuthResponse, Response } from '../../src/app/chalice/http/httpValues.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { startAwsWorld, type AwsWorld } from './awsWorld.js';
import { aliasContext, methodArnOf, restProxyEvent } from './fixtures/apiGatewayEvents.js';

// An App deployed behind API Gateway: each route, and the authorizer, is invoked through its alias of the ingress.
const app = new App('shop');
const objects = new Map<string, string>([['a', 'first']]);
const tokenAuthorizer = app.authorizer(
  function checkToken(request) {
    if (request.token === 'let-me-in')
      return new AuthResponse({ routes: ['/objects/*'], principalId: 'ann', context: { tier: 'gold' } });
    if (request.token === 'elsewhere') return new AuthResponse({ routes: ['/reports'], principalId: 'bob' });
    throw new Error('Unauthorized');
  },
  { ttlSeconds: 0 },
);
app.route('/objects/{key}', { methods: ['GET', 'PUT'], authorizer: tokenAuthorizer }, function objectView(request) {
  const key = request.uriParams?.['key'] ?? '';
  if (request.method === 'PUT') {
    objects.set(key, String((request.jsonBody as { text?: unknown } | undefined)?.text));
    return new Response({ stored: key }, { statusCode: 201, headers: { 'X-Stored': key } });
  }
  return { key, text: objects.get(key) ?? null, principal: request.context.authorizer?.['principalId'] ?? null };
});
app.route('/failing', { methods: ['GET'] }, function failingView() {
  throw new Error('disk on fire');
});
app.route('/blobs', { methods: ['PUT'], contentTypes: ['application/octet-stream'] }, function blobView(request) {
  const reversed = Buffer.from(request.rawBody).reverse();
  return new Response(reversed, { headers: { 'Content-Type': 'application/octet-stream' } });
});
app.route('/crashing', { methods: ['GET'] }, function crashingView() {
  return 'never reached: the Lambda below crashes first';
});
app.route('/busy', { methods: ['GET'] }, function busyView() {
  return 'never reached: Lambda throttles every call';
});

const NAMES = ['checkToken', 'objectView', 'failingView', 'blobView', 'crashingView', 'busyView'];
const API = { id: 'a1b2c3d4e5', stage: 'api' };
let world: AwsWorld;
beforeAll(async () => {
  world = await startAwsWorld(() => appModuleFor(app), NAMES);
  // The Lambda of crashingView dies before it answers (a runtime crash, out of memory): an Unhandled error.
  world.lambda.deploy('prod-crashingView', {
    code: () => {
      throw Object.assign(new Error('Runtime exited with error: signal: killed'), { name: 'Runtime.ExitError' });
    },
  });
  // busyView's Lambda has no concurrency to spare: Lambda answers every Invoke 429 TooManyRequestsException.
  world.lambda.deploy('prod-busyView', { code: () => 'unreachable', reservedConcurrency: 0 });
});
afterAll(() => world.close());

const throughAlias = (functionName: string, event: unknown): Promise<unknown> =>
  world.ingress(event, aliasContext(functionName));
const proxyEvent = (request: Parameters<typeof restProxyEvent>[1]) => restProxyEvent(API, request);
const methodArn = (method: string, path: string) => methodArnOf(API, method, path);

async function readAll(id: string): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for await (const record of world.reader.readStream(id)) records.push(record);
  return records;
}

describe('an App route behind API Gateway, served by the ingress', () => {
  it('answers a GET with the handler result as the proxy result, the request id naming the instance', async () => {
    const event = proxyEvent({
      method: 'GET',
      resource: '/objects/{key}',
      path: '/objects/a',
      pathParameters: { key: 'a' },
      headers: { Authorization: 'let-me-in' },
      authorizer: { principalId: 'ann', tier: 'gold', integrationLatency: 12 },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    });
    const answer = (await throughAlias('objectView', event)) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ key: 'a', text: 'first', principal: 'ann' });
    const records = await readAll('c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
    const trigger = { kind: 'eventSource', source: 'api:shop', rule: 'GET /objects/{key}' };
    expect(records[0]?.event).toMatchObject({ input: { trigger, invocationType: 'RequestResponse' } });
    expect(records.map((r) => r.event.type)).toContain('attempt.succeeded');
  });

  it('answers a PUT with the Response the handler built: status, headers and JSON body', async () => {
    const event = proxyEvent({
      method: 'PUT',
      resource: '/objects/{key}',
      path: '/objects/b',
      pathParameters: { key: 'b' },
      headers: { Authorization: 'let-me-in', 'Content-Type': 'application/json' },
      authorizer: { principalId: 'ann', tier: 'gold', integrationLatency: 12 },
      body: JSON.stringify({ text: 'second' }),
      requestId: 'put-request-1',
    });
    const answer = (await throughAlias('objectView', event)) as { statusCode: number; headers: object; body: string };
    expect(answer.statusCode).toBe(201);
    expect(answer.headers).toMatchObject({ 'X-Stored': 'b' });
    expect(JSON.parse(answer.body)).toEqual({ stored: 'b' });
    expect(objects.get('b')).toBe('second');
  });

  it('answers a method the route does not serve with 405 and the methods it does', async () => {
    const event = proxyEvent({
      method: 'DELETE',
      resource: '/objects/{key}',
      path: '/objects/a',
      pathParameters: { key: 'a' },
      requestId: 'delete-request-1',
    });
    const answer = (await throughAlias('objectView', event)) as { statusCode: number; headers: object; body: string };
    expect(answer.statusCode).toBe(405);
    expect(answer.headers).toMatchObject({ Allow: 'GET, PUT' });
    expect(JSON.parse(answer.body)).toEqual({ Code: 'MethodNotAllowedError', Message: 'Unsupported method: DELETE' });
  });

  it("answers Chalice's plain 500 when the view throws (the function itself answered)", async () => {
    const event = proxyEvent({ method: 'GET', resource: '/failing', path: '/failing', requestId: 'failing-1' });
    const answer = (await throughAlias('failingView', event)) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({
      Code: 'InternalServerError',
      Message: 'An internal server error occurred.',
    });
    expect(answer.body).not.toContain('disk on fire');
  });

  it("answers API Gateway's 502 when the function's Lambda fails without answering", async () => {
    const event = proxyEvent({ method: 'GET', resource: '/crashing', path: '/crashing', requestId: 'crash-1' });
    const answer = (await throughAlias('crashingView', event)) as { statusCode: number; headers: object; body: string };
    expect(answer.statusCode).toBe(502);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Internal server error' });
    expect(answer.headers).toMatchObject({ 'x-amzn-ErrorType': 'InternalServerErrorException' });
    const types = (await readAll('crash-1')).map((r) => r.event.type);
    expect(types).toContain('attempt.failed');
    expect(types.filter((t) => t === 'attempt.failed')).toHaveLength(1);
  });

  it("answers API Gateway's 500 when Lambda throttles the function", async () => {
    const event = proxyEvent({ method: 'GET', resource: '/busy', path: '/busy', requestId: 'busy-1' });
    const answer = (await throughAlias('busyView', event)) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Internal server error' });
    expect((await readAll('busy-1')).map((r) => r.event.type)).toContain('attempt.throttled');
  });

  it('the same API request delivered twice runs the function once and answers the same', async () => {
    const event = proxyEvent({ method: 'GET', resource: '/failing', path: '/failing', requestId: 'twice-1' });
    const calls = () => world.lambda.invokes.filter((i) => i.functionName === 'prod-failingView').length;
    const before = calls();
    const first = await throughAlias('failingView', event);
    const second = await throughAlias('failingView', event);
    expect((first as { statusCode: number }).statusCode).toBe(500);
    expect(second).toEqual(first);
    expect(calls()).toBe(before + 1);
  });

  it('answers 413 for a body larger than an invocation takes, and runs nothing', async () => {
    const event = proxyEvent({
      method: 'PUT',
      resource: '/blobs',
      path: '/blobs',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.alloc(1_100_000, 7).toString('base64'),
      isBase64Encoded: true,
      requestId: 'blob-too-large',
    });
    const answer = (await throughAlias('blobView', event)) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Request Too Long' });
    expect(await readAll('blob-too-large')).toEqual([]);
  });

  it('takes a binary body base64-encoded and answers binary base64-encoded', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const event = proxyEvent({
      method: 'PUT',
      resource: '/blobs',
      path: '/blobs',
      headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/octet-stream' },
      body: bytes.toString('base64'),
      isBase64Encoded: true,
      requestId: 'blob-1',
    });
    const answer = (await throughAlias('blobView', event)) as {
      statusCode: number;
      body: string;
      isBase64Encoded?: boolean;
    };
    expect(answer.statusCode).toBe(200);
    expect(answer.isBase64Encoded).toBe(true);
    expect([...Buffer.from(answer.body, 'base64')]).toEqual([255, 250, 2, 1, 0]);
  });
});

describe("an App's built-in authorizer behind API Gateway", () => {
  const tokenEvent = (token: string) => ({
    type: 'TOKEN',
    authorizationToken: token,
    methodArn: methodArn('GET', '/objects/a'),
  });

  it('answers the IAM policy allowing the routes of its AuthResponse, with principal and context', async () => {
    const policy = (await throughAlias('checkToken', tokenEvent('let-me-in'))) as Record<string, unknown>;
    expect(policy).toEqual({
      principalId: 'ann',
      context: { tier: 'gold' },
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [methodArn('*', '/objects/*')] }],
      },
    });
  });

  it('answers a policy that does not cover the request when the AuthResponse names other routes', async () => {
    const policy = (await throughAlias('checkToken', tokenEvent('elsewhere'))) as {
      policyDocument: { Statement: { Resource: string[] }[] };
    };
    expect(policy.policyDocument.Statement[0]?.Resource).toEqual([methodArn('*', '/reports')]);
  });

  it('fails with "Unauthorized" (API Gateway\'s 401) when the authorizer refuses the token', async () => {
    await expect(throughAlias('checkToken', tokenEvent('nobody'))).rejects.toThrow(/^Unauthorized$/);
  });
});
