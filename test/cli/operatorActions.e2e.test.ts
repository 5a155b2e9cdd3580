import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedOperatorStore } from './support/operatorSeed.js';

const run = promisify(execFile);
const MODULE = ['--module', 'test/cli/support/operatorApp.ts'];
let seed: Awaited<ReturnType<typeof seedOperatorStore>>;

/** Run the real executable; resolves with its exit code and output whatever the code. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const options = { timeout: 60_000, env: { ...process.env, STATEBRIDGE_USER: 'tester', ...env } };
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/statebridge.js', ...args], options);
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

type Listed = { instanceId: string; machineId: string; title?: string; outcome?: { label: string }; settled?: boolean };
const listed = async (...args: string[]) =>
  (JSON.parse((await cli(['ls', '--db', seed.db, '--json', ...args])).out) as { items: Listed[] }).items;

beforeAll(async () => {
  seed = await seedOperatorStore();
}, 60_000);

// Every check spawns the real executable a few times; on a busy machine each takes seconds.
describe('outcomes at a glance', { timeout: 180_000 }, () => {
  it('names each instance first and shows how it ended, within 120 columns', async () => {
    const { code, out } = await cli(['ls', '--db', seed.db]);
    expect(code).toBe(0);
    expect(out).toMatch(/^NAME\s+STATE\s+OUTCOME\s+LAST CHANGE\s+WAITING\s+ID/);
    expect(out).toMatch(/demo-resize \(RetriesExhausted after 2 attempts\)\s+done\s+RetriesExhausted\s/);
    expect(out).toMatch(/Create Custom::Thing Ok \(stack demo-stack\)\s+answered\s+SUCCESS\s/);
    expect(out).toMatch(/Create Custom::Thing Broken \(stack demo-stack\)\s+answered\s+FAILED\s/);
    expect(out).toMatch(/req-waiting\s+awaitingAp…\s+-\s+.* ago\s+timer O…\s+req-waiting/);
    expect(out).toContain('(ids shortened; --wide prints them whole)');
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    const wide = await cli(['ls', '--db', seed.db, '--wide']);
    expect(wide.out).toMatch(/^NAME\s+MACHINE\s+STATUS\s+STATE\s+OUTCOME\s+STARTED\s+LAST CHANGE\s+WAITING\s+ID/);
    expect(wide.out).toMatch(/\(stack demo-stack\)\s+customResource@1\s+answered\s+answered\s+SUCCESS\s/);
    expect(wide.out).toContain('RetriesExhausted: after 2 attempts; last error: image too large: 9000x9000');
    expect(wide.out).toContain('FAILED: quota exceeded for Thing');
    expect(wide.out).toMatch(/req-waiting\s+fetch@1\s+active\s+awaitingApproval\s+-\s+.*\s+timer OVERDUE by/);
    for (const id of seed.crIds) expect(wide.out).toContain(id);
  });

  it('finds every failed lifecycle whatever its machine, and leaves answered requests out of "active"', async () => {
    const failed = await listed('--outcome', 'failed');
    expect(failed.map((s) => s.title).sort()).toEqual([
      'Create Custom::Thing Broken (stack demo-stack)',
      'demo-resize (RetriesExhausted after 2 attempts)',
    ]);
    const succeeded = await listed('--outcome', 'succeeded');
    expect(succeeded.map((s) => s.title)).toEqual(['Create Custom::Thing Ok (stack demo-stack)']);
    const active = await listed('--status', 'active');
    expect(active.map((s) => s.instanceId).sort()).toEqual(['req-cancel', 'req-waiting']);
    const answered = await listed('--status', 'answered');
    expect(answered.map((s) => s.instanceId).sort()).toEqual([...seed.crIds].sort());
    const bad = await cli(['ls', '--db', seed.db, '--outcome', 'broken']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--outcome: must be one of succeeded, failed, got "broken"');
  });
});

describe('operators can act', { timeout: 180_000 }, () => {
  it('sends an event, recorded in the timeline as sent by the cli and the user', async () => {
    const sent = await cli(['send', 'req-waiting', '{"type":"APPROVE"}', '--db', seed.db, ...MODULE]);
    expect(sent.err).toBe('');
    expect(sent.out).toMatch(/^req-waiting #\d+ APPROVE: awaitingApproval → done \(done\)/);
    const timeline = await cli(['timeline', 'req-waiting', '--db', seed.db]);
    expect(timeline.out).toMatch(/APPROVE {2}← sent by cli \(tester\)/);
    const again = await cli(['send', 'req-waiting', '{"type":"APPROVE"}', '--db', seed.db, ...MODULE]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('INSTANCE_FINISHED');
    const unknown = await cli(['send', 'nope', '{"type":"APPROVE"}', '--db', seed.db]);
    expect(unknown.err).toContain('INSTANCE_NOT_FOUND: no instance with id "nope"');
    const notJson = await cli(['send', 'req-cancel', '{type:APPROVE}', '--db', seed.db]);
    expect(notJson.err).toContain('<event-json>: must be a JSON object');
  });

  it('cancels a running instance as a failed outcome, and refuses finished or answered ones', async () => {
    const cancelled = await cli(['cancel', 'req-cancel', '--db', seed.db, ...MODULE]);
    expect(cancelled.err).toBe('');
    expect(cancelled.out).toContain(
      'statebridge.cancel: awaitingApproval → awaitingApproval (done, outcome Cancelled) (cancelled by cli (tester))',
    );
    expect((await listed('--outcome', 'failed')).map((s) => s.instanceId)).toContain('req-cancel');
    const head = (await listed()).find((s) => s.instanceId === 'req-cancel');
    expect(head).toMatchObject({ status: 'done', outcome: { label: 'Cancelled' } });
    expect((await cli(['cancel', 'req-cancel', '--db', seed.db])).err).toContain('INSTANCE_FINISHED');
    expect((await cli(['cancel', seed.crIds[0]!, '--db', seed.db])).err).toContain('INSTANCE_SETTLED');
  });

  it('retries a RetriesExhausted invocation as a new invocation linked to it', async () => {
    const refused = await cli(['retry', 'req-waiting', '--db', seed.db, ...MODULE]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('NOTHING_TO_RETRY');
    const retried = await cli(['retry', seed.failedInvocation, '--db', seed.db, ...MODULE], { RESIZE_FIXED: '1' });
    expect(retried.err).toBe('');
    expect(retried.out).toMatch(/#1 xstate\.init: ∅ → active\.queued \(active\)/);
    expect(retried.out).toMatch(/now: done \(done\)/);
    const newId = /^(\S+) #1/.exec(retried.out)![1]!;
    expect(newId).not.toBe(seed.failedInvocation);
    const fresh = (await listed('--outcome', 'succeeded')).find((s) => s.instanceId === newId);
    expect(fresh?.title).toBe('demo-resize (Success after 1 attempt)');
    const timeline = await cli(['timeline', newId, '--db', seed.db]);
    expect(timeline.out).toContain(`started by ${seed.failedInvocation}#`);
    expect(timeline.out).toContain('retry by cli (tester)');
  });
});
