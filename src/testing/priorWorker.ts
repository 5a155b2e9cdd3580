import { setup } from 'xstate';
import { defineMachine, type MachineDefinition } from '../core/machineDefinition.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/eventStore.js';
import type { CommandExecutor } from '../runtime/executor.js';
import { createRuntime } from '../runtime/runtime.js';

/** The machine of busy streams: one command that is in flight for as long as the run lasts. */
export const busyMachine = defineMachine({
  id: 'statebridge.testing.busy',
  version: 1,
  machine: setup({ actions: { work: () => undefined } }).createMachine({
    id: 'busy',
    initial: 'working',
    states: { working: { entry: { type: 'work' } } },
  }),
});

/** A copy of `definition` under another id: the version a deployment ran and the next one no longer registers. */
export function retiredVersionOf(definition: MachineDefinition): MachineDefinition {
  return { ...definition, id: `${definition.id}.retired` };
}

const never: CommandExecutor = () => new Promise<never>(() => undefined);

/**
 * Instances left in the store by another worker: it started them, committed their first step (with its
 * commands and timers) and is still running their commands — its handlers hang. The runtime under test
 * shares the store and sees these streams as busy. The worker is never waited for.
 * @example
 * await startOnPriorWorker(store, clock, busyMachine, [{ instanceId: 'busy-0001', input: {} }]);
 */
export async function startOnPriorWorker(
  store: EventStore,
  clock: Clock,
  definition: MachineDefinition,
  starts: readonly { instanceId: string; input: unknown }[],
): Promise<void> {
  const actions = Object.keys(
    (definition.machine.implementations as { actions?: Record<string, unknown> }).actions ?? {},
  );
  const worker = createRuntime({ store, clock, onError: () => undefined }).register(
    definition,
    Object.fromEntries(actions.map((name) => [name, never])),
  );
  for (const { instanceId, input } of starts) await worker.start(definition.id, instanceId, input);
}
