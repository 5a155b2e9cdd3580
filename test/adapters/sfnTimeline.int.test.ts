import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSfnHistory } from '../../src/adapters/sfn/sfnHistory.js';
import { runCli } from '../cli/support/seed.js';

interface Fixture {
  executionArn: string;
  events: { id: number }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/sfnExecutionHistory.json', import.meta.url), 'utf8'),
) as Fixture;
const PAGE = 5;
let server: Server;
let endpoint: string;
const requests: {
  target: string | undefined;
  body: { executionArn?: string; nextToken?: string; maxResults?: number };
}[] = [];

/** Speaks the AWS JSON 1.0 protocol for GetExecutionHistory, `PAGE` events per page. */
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as (typeof requests)[number]['body'];
      requests.push({ target: req.headers['x-amz-target'] as string | undefined, body });
      if (
        req.headers['x-amz-target'] !== 'AWSStepFunctions.GetExecutionHistory' ||
        body.executionArn !== fixture.executionArn
      ) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            __type: 'com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist',
            message: 'Execution Does Not Exist',
          }),
        );
        return;
      }
      const offset = Number(body.nextToken ?? 0);
      const events = fixture.events.slice(offset, offset + PAGE);
      const next = offset + PAGE < fixture.events.length ? String(offset + PAGE) : undefined;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ events, ...(next === undefined ? {} : { nextToken: next }) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('timeline --sfn', () => {
  it('reads every page of GetExecutionHistory, following nextToken', async () => {
    requests.length = 0;
    const ids: number[] = [];
    for await (const event of readSfnHistory(fixture.executionArn, { endpoint, pageSize: PAGE }))
      ids.push(event.id ?? 0);
    expect(ids).toEqual(fixture.events.map((e) => e.id));
    expect(requests.map((r) => r.body.nextToken)).toEqual([undefined, '5', '10']);
    expect(
      requests.every((r) => r.target === 'AWSStepFunctions.GetExecutionHistory' && r.body.maxResults === PAGE),
    ).toBe(true);
  });

  it('renders the execution as a local instance: states, tasks, the retry and its delay, the wait', async () => {
    const { code, out, err } = await runCli([
      'timeline',
      '--sfn',
      fixture.executionArn,
      '--endpoint',
      endpoint,
      '--region',
      'eu-west-1',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('#1  2026-03-01T10:00:00.000Z  +0ms (Δ0ms)  ExecutionStarted  ← start');
    expect(out).toContain('state: (started) → Charge');
    expect(out).toMatch(
      /#3 .* TaskScheduled .*\n {4}state: Charge → Charge\n.*\n {4}command: lambda:invoke arn:aws:states:eu-west-1:123456789012:execution:OrderFlow:exec-42#3 /,
    );
    expect(out).toMatch(/#6 .*\+3\.2s .*TaskScheduled .*\[attempt 2\]/);
    expect(out).toContain('timer fired: retry after 2s');
    expect(out).toContain('timer set: wait');
    expect(out).toContain('timer fired: wait after 1m 0s');
    expect(out).toContain('state: Done → Done (done)');
    expect(out).toContain('1 retry');
    expect(out).toContain('waiting: nothing (done)');
    expect(out).not.toContain('SFNSECRET');
    expect(out).toContain('…redacted…');
  });

  it('prints the same JSON lines as a local timeline', async () => {
    const { out } = await runCli(['timeline', '--sfn', fixture.executionArn, '--endpoint', endpoint, '--json']);
    const rows = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.filter((r) => r['kind'] === 'entry')).toHaveLength(fixture.events.length);
    const first = rows[0] as { payload: { input: { note: string } }; stateAfter: string };
    expect(first.payload.input.note).toBe('<b>rush</b>');
    expect(rows.at(-1)).toMatchObject({ kind: 'current', status: 'done', retries: 1 });
  });

  it('reports a missing execution as an error naming it', async () => {
    const { code, err } = await runCli([
      'timeline',
      '--sfn',
      `${fixture.executionArn}-missing`,
      '--endpoint',
      endpoint,
    ]);
    expect(code).toBe(1);
    expect(err).toContain(
      'GetExecutionHistory to arn:aws:states:eu-west-1:123456789012:execution:OrderFlow:exec-42-missing failed',
    );
    expect(err).toContain('ExecutionDoesNotExist');
  });
});
