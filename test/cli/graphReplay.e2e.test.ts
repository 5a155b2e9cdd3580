import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { toMermaid } from '../../src/timeline/mermaidGraph.js';
import { runCli, seededApp, startFetch } from './support/seed.js';

const V1 = ['--module', 'test/cli/support/retryApp.ts'];
const V2 = ['--module', 'test/cli/support/fetchV2App.ts'];
let ctx: ReturnType<typeof seededApp>;

beforeAll(async () => {
  ctx = seededApp();
  await startFetch(ctx.env, 'g-1', 1);
  await startFetch(ctx.env, 'g-2', 0);
  await ctx.clock.advance(5_000);
});
afterAll(async () => {
  await ctx.env.runtime.close();
});

describe('statebridge graph', () => {
  it('prints a valid-looking Mermaid stateDiagram-v2 with delays, initial and final states', async () => {
    const { code, out } = await runCli(['graph', 'fetch', '--db', ctx.db, ...V1]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(out).toContain('state "backoff (retrying)" as s_backoff');
    expect(out).toContain('[*] --> s_queued');
    expect(out).toContain('s_queued --> s_calling: after 500ms');
    expect(out).toContain('s_backoff --> s_calling: after backoff');
    expect(out).toContain('s_calling --> s_failed: call.failed [guard]');
    expect(out).toContain('s_awaitingApproval --> s_failed: after 3600000ms');
    expect(out).toContain('s_done --> [*]');
    // every line is a known statement form
    for (const line of lines.slice(1))
      expect(line.trim()).toMatch(
        /^(state "[^"]*" as s_\w+|\[\*\] --> s_\w+|s_\w+ --> (s_\w+|\[\*\])(: .+)?|state s_\w+ \{|\}|--|classDef \w+ .+|class [\w,]+ \w+)$/,
      );
  });

  it('highlights the states an instance visited and where it is now', async () => {
    const { out } = await runCli(['graph', 'fetch', '--instance', 'g-1', '--db', ctx.db, ...V1]);
    expect(out).toMatch(/^ {2}class s_queued,s_calling,s_backoff visited$/m);
    expect(out).toMatch(/^ {2}class s_awaitingApproval current$/m);
    expect(out).not.toMatch(/class .*s_done/);
  });

  it('draws nested and parallel states inside composites, edges in the innermost common composite', () => {
    const machine = setup({ guards: { isReady: () => true } }).createMachine({
      id: 'nested',
      initial: 'work',
      states: {
        work: {
          initial: 'step one',
          states: {
            'step one': { on: { NEXT: { target: 'step-two', guard: 'isReady' } } },
            'step-two': { type: 'final' },
          },
          onDone: 'both',
        },
        both: {
          type: 'parallel',
          states: {
            left: { initial: 'l1', states: { l1: {} } },
            right: { initial: 'r1', states: { r1: { on: { STOP: '#nested.end' } } } },
          },
        },
        end: { type: 'final' },
      },
    });
    const out = toMermaid(machine, { visited: ['work', 'work.step one'], current: ['work.step one'] });
    expect(out).toContain('state "step one" as s_work__step_20_one');
    expect(out).toContain('state "step-two" as s_work__step_2d_two');
    expect(out).toMatch(
      /state s_work \{\n {4}\[\*\] --> s_work__step_20_one\n {4}s_work__step_2d_two --> \[\*\]\n {4}s_work__step_20_one --> s_work__step_2d_two: NEXT \[isReady\]\n {2}\}/,
    );
    expect(out).toMatch(
      /state s_both \{\n {4}state s_both__left \{[\s\S]*?\n {4}\}\n {4}--\n {4}state s_both__right \{/,
    );
    expect(out).toContain('  s_both__right__r1 --> s_end: STOP');
    expect(out).toContain('  s_work --> s_both: done');
    expect(out).toContain('class s_work visited');
    expect(out).toContain('class s_work__step_20_one current');
  });
});

describe('statebridge replay', () => {
  it('reports no divergence when the machine is unchanged', async () => {
    const { code, out } = await runCli(['replay', 'g-1', 'g-2', '--db', ctx.db, ...V1]);
    expect(out).toContain('g-1: 5 step(s) recorded with fetch@1, replayed with fetch@1: no divergence');
    expect(out).toContain('2 instance(s) replayed, 0 diverged');
    expect(code).toBe(0);
  });

  it('reports where a new machine version decides differently, and exits 1', async () => {
    const { code, out } = await runCli(['replay', '--machine', 'fetch', '--db', ctx.db, ...V2]);
    expect(code).toBe(1);
    expect(out).toContain('g-1: 5 step(s) recorded with fetch@1, replayed with fetch@2: 1 divergence(s)');
    expect(out).toMatch(/step #3 timers: recorded .*2000.*, replayed .*5000/);
    expect(out).toContain('g-2: 3 step(s) recorded with fetch@1, replayed with fetch@2: no divergence');
    const pinned = await runCli(['replay', 'g-1', '--pinned', '--json', '--db', ctx.db, ...V2]);
    expect(JSON.parse(pinned.out)).toMatchObject({ instanceId: 'g-1', replayedWith: 'fetch@1', divergences: [] });
  });
});
