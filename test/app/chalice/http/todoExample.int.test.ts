import { describe, expect, it } from 'vitest';
import { main } from '../../../../examples/app/todoApi.js';

describe('the HTTP App example (docs/app.md)', () => {
  it('examples/app/todoApi answers in process and over a local server on 127.0.0.1', async () => {
    expect(await main(() => undefined)).toEqual([
      'PUT without a token: 401',
      'PUT with a token: 201 {"saved":true,"by":"ana"}',
      'GET: {"title":"milk"}',
      'over HTTP: 404 {"Code":"NotFoundError","Message":"no todo 2"}',
      'preflight allows GET,PUT,OPTIONS',
    ]);
  });
});
