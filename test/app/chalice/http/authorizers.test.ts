import { describe, expect, it } from 'vitest';
import { App } from '../../../../src/app/chalice/app.js';
import {
  CognitoUserPoolAuthorizer,
  IAMAuthorizer,
  type AuthRequest,
} from '../../../../src/app/chalice/http/authorizers.js';
import { AuthResponse } from '../../../../src/app/chalice/http/httpValues.js';
import type { Request } from '../../../../src/app/chalice/http/request.js';
import { TestClient } from '../../../../src/testing/appTestClient.js';

function securedApp(calls: string[]): App {
  const app = new App('secure');
  const auth = app.authorizer(
    function tokenAuth(request: AuthRequest) {
      calls.push(request.token);
      if (request.token === 'admin') return new AuthResponse({ routes: ['*'], principalId: 'root' });
      if (request.token === 'reader')
        return new AuthResponse({
          routes: [{ path: '/docs/*', methods: ['GET'] }],
          principalId: 'reader-1',
          context: { team: 'blue' },
        });
      if (request.token === 'broken') return null;
      throw new Error('Unauthorized');
    },
    { ttlSeconds: 60 },
  );
  app.route('/docs/{id}', { methods: ['GET', 'PUT'], authorizer: auth }, function doc(request: Request) {
    return { id: request.uriParams?.['id'], authorizer: request.context.authorizer };
  });
  return app;
}

const as = (token: string) => ({ headers: { Authorization: token } });

describe('built-in authorizers', () => {
  it('allow the routes and methods of the AuthResponse and hand its context and principal to the route', async () => {
    const client = await TestClient.create(securedApp([]));
    const read = await client.http.get('/docs/7', as('reader'));
    expect(read.statusCode).toBe(200);
    expect(read.jsonBody).toEqual({ id: '7', authorizer: { team: 'blue', principalId: 'reader-1' } });
    const write = await client.http.put('/docs/7', { ...as('reader'), body: '{}' });
    expect([write.statusCode, write.jsonBody]).toEqual([
      403,
      { Message: 'User is not authorized to access this resource' },
    ]);
    expect((await client.http.put('/docs/7', { ...as('admin'), body: '{}' })).statusCode).toBe(200);
  });

  it('answer 401 without a token or when the authorizer says Unauthorized, 500 when it returns nothing', async () => {
    const client = await TestClient.create(securedApp([]));
    const none = await client.http.get('/docs/1');
    expect([none.statusCode, none.jsonBody]).toEqual([401, { message: 'Unauthorized' }]);
    expect((await client.http.get('/docs/1', as('stranger'))).statusCode).toBe(401);
    const broken = await client.http.get('/docs/1', as('broken'));
    expect([broken.statusCode, broken.headers['x-amzn-errortype']]).toEqual([500, 'AuthorizerConfigurationException']);
  });

  it('cache a result per token for its TTL, then ask again', async () => {
    const calls: string[] = [];
    const client = await TestClient.create(securedApp(calls));
    await client.http.get('/docs/1', as('reader'));
    await client.http.get('/docs/2', as('reader'));
    await client.http.get('/docs/3', as('admin'));
    expect(calls).toEqual(['reader', 'admin']);
    await client.advance(61_000);
    await client.http.get('/docs/1', as('reader'));
    expect(calls).toEqual(['reader', 'admin', 'reader']);
  });
});

describe('IAM and Cognito authorizers locally', () => {
  it('admit any request with the header, refuse one without, and read Cognito claims unverified', async () => {
    const app = new App('pool');
    app.route('/iam', { authorizer: new IAMAuthorizer() }, function iam() {
      return 'ok';
    });
    const cognito = new CognitoUserPoolAuthorizer('users', ['arn:aws:cognito-idp:us-east-1:1:userpool/x']);
    app.route('/me', { authorizer: cognito }, function me(request: Request) {
      return request.context.authorizer ?? null;
    });
    const client = await TestClient.create(app);
    expect((await client.http.get('/iam')).statusCode).toBe(401);
    expect((await client.http.get('/iam', as('AWS4-HMAC-SHA256 whatever'))).statusCode).toBe(200);
    const claims = Buffer.from(JSON.stringify({ 'cognito:username': 'ana', sub: 's-1' })).toString('base64url');
    const me = await client.http.get('/me', as(`h.${claims}.sig`));
    expect(me.jsonBody).toEqual({ claims: { 'cognito:username': 'ana', sub: 's-1' }, principalId: 'ana' });
  });

  it('refuse a route without an API key when one is required', async () => {
    const app = new App('keys');
    app.route('/metered', { apiKeyRequired: true }, function metered() {
      return 'ok';
    });
    const client = await TestClient.create(app);
    expect((await client.http.get('/metered')).statusCode).toBe(403);
    expect((await client.http.get('/metered', { headers: { 'x-api-key': 'k' } })).statusCode).toBe(200);
  });
});
