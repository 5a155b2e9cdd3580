import type { MachineDefinition } from '../core/machineDefinition.js';
import type { EventStore } from '../ports/eventStore.js';
import type { MachineRegistry } from '../runtime/registry.js';
import { InstanceNotFoundError, StatebridgeError } from '../core/errors.js';
import { statePaths, toMermaid } from './mermaidGraph.js';

/**
 * The Mermaid diagram of a machine, with the states `instanceId` visited highlighted when given. The
 * instance's own pinned version is drawn, so the highlight matches the machine it ran on.
 */
export async function machineDiagram(
  registry: MachineRegistry,
  store: EventStore,
  machineId: string,
  instanceId?: string,
): Promise<string> {
  if (instanceId === undefined) return toMermaid(registry.latestOf(machineId).definition.machine);
  const head = await store.readHead(instanceId);
  if (head === undefined) throw new InstanceNotFoundError(instanceId);
  if (head.machine.id !== machineId) {
    throw new StatebridgeError(
      'VALIDATION_FAILED',
      `instance ${instanceId} runs machine ${head.machine.id}, not ${machineId}`,
      { context: { instanceId, machineId } },
    );
  }
  const definition: MachineDefinition = registry.pinned(head.machine.id, head.machine.version).definition;
  const visited = new Set<string>();
  for await (const record of store.readStream(instanceId))
    for (const path of statePaths(record.state.value)) visited.add(path);
  const current = head.state.status === 'active' || head.state.status === 'done' ? statePaths(head.state.value) : [];
  return toMermaid(definition.machine, { visited, current });
}
