import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { asyncInvocationMachine } from '../../machines/asyncInvocation/asyncInvocation.machine.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { LambdaDestination, SqsDestination } from '../../src/app/functions/destinations.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { functionsHarness } from './functionsHarness.js';

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/** What xstate's own `transition()` decides for each recorded event, in the shape the record keeps it. */
function xstateRecord(snapshot: AnyMachineSnapshot, actions: readonly { type: string; params?: unknown }[]) {
  const params = (a: { params?: unknown }) => (a.params ?? {}) as Record<string, unknown>;
  return {
    value: json(snapshot.value),
    context: json(snapshot.context),
    status: snapshot.status,
    output: json(snapshot.output),
    commands: actions
      .filter((a) => !a.type.startsWith('xstate.'))
      .map((a) => ({ kind: a.type, params: json(a.params ?? {}) })),
    timersSet: actions
      .filter((a) => a.type === 'xstate.raise' && typeof params(a)['delay'] === 'number')
      .map((a) => ({ id: params(a)['id'], delayMs: params(a)['delay'], event: json(params(a)['event']) })),
    timersCancelled: actions.filter((a) => a.type === 'xstate.cancel').map((a) => params(a)['sendId']),
  };
}

function recorded(record: StepRecord) {
  return {
    value: json(record.state.value),
    context: json(record.state.context),
    status: record.state.status,
    output: json(record.state.output),
    commands: record.commands.map((c) => ({ kind: c.kind, params: json(c.params) })),
    timersSet: record.timersSet.map((t) => ({ id: t.id, delayMs: t.delayMs, event: json(t.event) })),
    timersCancelled: [...record.timersCancelled],
  };
}

describe('an asynchronous invocation workflow, record by record', () => {
  it('holds in every step exactly what xstate decides for the same events', async () => {
    const h = functionsHarness();
    const failedOnce = new Set<string>();
    const second = defineFunction('second', () => ({ ok: true }));
    const first = defineFunction(
      'first',
      (payload: unknown, ctx) => {
        if (failedOnce.has(ctx.requestId)) return payload;
        failedOnce.add(ctx.requestId);
        throw new Error('transient');
      },
      { onSuccess: new LambdaDestination(second) },
    );
    const doomed = defineFunction(
      'doomed',
      () => {
        throw new Error('always');
      },
      {
        maximumRetryAttempts: 1,
        onFailure: new SqsDestination('failures'),
        deadLetterQueue: new SqsDestination('dead'),
      },
    );
    const ids = [
      (await h.functions.invokeAsync(first, { k: 1 })).requestId,
      (await h.functions.invokeAsync(first, { k: 2 })).requestId,
      (await h.functions.invokeAsync(doomed, { k: 3 })).requestId,
    ];
    for (let i = 0; i < 4; i += 1) {
      await h.runtime.idle();
      await h.clock.advance(120_000);
    }
    await h.runtime.idle();
    const instances = await h.store.listInstances({ machineId: 'asyncInvocation' });
    // Two of `first`, their two deliveries to `second`, and `doomed`.
    expect(instances.items.map((i) => i.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(instances.items.map((i) => i.instanceId)).toEqual(expect.arrayContaining(ids));

    let steps = 0;
    for (const { instanceId } of instances.items) {
      const history = await h.history(instanceId);
      let snapshot: AnyMachineSnapshot | undefined;
      for (const record of history) {
        const [next, actions] =
          snapshot === undefined
            ? initialTransition(asyncInvocationMachine, record.event['input'] as never)
            : transition(asyncInvocationMachine, snapshot, record.event as never);
        snapshot = next as AnyMachineSnapshot;
        expect(recorded(record), `${instanceId} v${record.version} (${record.event.type})`).toEqual(
          xstateRecord(snapshot, actions as { type: string; params?: unknown }[]),
        );
        steps += 1;
      }
    }
    expect(steps).toBeGreaterThanOrEqual(9 * 2 + 4);
  });
});
