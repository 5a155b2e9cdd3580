// An App serving HTTP routes, run with the test client and then on a local API server on 127.0.0.1.
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import {
  App,
  AuthResponse,
  createRuntime,
  NotFoundError,
  Response,
  runApp,
  startLocalApi,
  type AuthRequest,
  type Request,
} from '../../src/index.js';
import { TestClient } from '../../src/testing/index.js';

/** A to-do API: public reads, writes behind a built-in authorizer, CORS on every route. */
export function todoApp(): App {
  const app = new App('todo');
  const todos = new Map<string, { title: string }>();
  const auth = app.authorizer(
    function tokenAuth(request: AuthRequest) {
      if (request.token !== 'Bearer let-me-in') throw new Error('Unauthorized');
      return new AuthResponse({ routes: ['*'], principalId: 'ana' });
    },
    { ttlSeconds: 300 },
  );
  app.route('/todos/{id}', { methods: ['GET'], cors: true }, function getTodo(request: Request) {
    const todo = todos.get(request.uriParams?.['id'] ?? '');
    if (todo === undefined) throw new NotFoundError(`no todo ${request.uriParams?.['id']}`);
    return todo;
  });
  app.route('/todos/{id}', { methods: ['PUT'], cors: true, authorizer: auth }, function putTodo(request: Request) {
    const body = request.jsonBody as { title?: unknown } | undefined;
    todos.set(request.uriParams?.['id'] ?? '', { title: typeof body?.title === 'string' ? body.title : '' });
    const by = request.context.authorizer?.['principalId'];
    return new Response({ saved: true, by }, { statusCode: 201 });
  });
  return app;
}

/** Exercise the API in process and over HTTP; return what happened as lines. */
export async function main(log: (line: string) => void = console.log): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    log(line);
  };
  const json = { 'Content-Type': 'application/json' };
  const client = await TestClient.create(todoApp());
  const refused = await client.http.put('/todos/1', { headers: json, body: '{"title":"milk"}' });
  say(`PUT without a token: ${refused.statusCode}`);
  const put = await client.http.put('/todos/1', {
    headers: { ...json, Authorization: 'Bearer let-me-in' },
    body: '{"title":"milk"}',
  });
  say(`PUT with a token: ${put.statusCode} ${put.text}`);
  say(`GET: ${(await client.http.get('/todos/1')).text}`);

  const runtime = createRuntime({ store: new MemoryEventStore() });
  const runner = await runApp(todoApp(), { runtime, bus: new InProcessBus(), log: () => undefined });
  const api = await startLocalApi(runner);
  try {
    const missing = await fetch(`${api.url}/todos/2`);
    say(`over HTTP: ${missing.status} ${await missing.text()}`);
    const preflight = await fetch(`${api.url}/todos/2`, { method: 'OPTIONS' });
    say(`preflight allows ${preflight.headers.get('access-control-allow-methods')}`);
  } finally {
    await api.close();
    await runtime.close();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
