import { createMachine, type AnyStateMachine } from 'xstate';
import { StatebridgeError } from '../core/errors.js';
import type { MachineDefinition } from '../core/machineDefinition.js';

/**
 * A state node's config as mutations see it: plain objects whose functions (actions, guards) are shared with the
 * original.
 */
export type NodeConfig = Record<string, unknown> & {
  states?: Record<string, NodeConfig>;
  on?: Record<string, unknown>;
  after?: Record<string, unknown>;
};

/** One deliberate break of a machine: a change to a copy of its config and/or replaced implementations. */
export interface MachineMutation {
  readonly description: string;
  readonly config?: (root: NodeConfig) => void;
  readonly guards?: Readonly<Record<string, (...args: never[]) => boolean>>;
  readonly delays?: Readonly<Record<string, number | ((...args: never[]) => number)>>;
}

/** Copy plain objects and arrays; keep functions and other objects by reference (xstate actions are functions). */
export function cloneConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneConfig(v)) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneConfig(v)])) as T;
}

/** The node at `path` (state keys from the root), or a clear error naming the missing step. */
export function nodeAt(root: NodeConfig, path: readonly string[]): NodeConfig {
  let node = root;
  for (const key of path) {
    const next = node.states?.[key];
    if (next === undefined)
      throw new StatebridgeError('VALIDATION_FAILED', `mutation: no state "${key}" under ${path.join('.')}`, {
        context: { path: path.join('.') },
      });
    node = next;
  }
  return node;
}

const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? [...(value as unknown[])] : [value];

/**
 * Build the broken variant of a shipped machine without touching its file: a copy of `machine.config`
 * with the mutations applied, and the machine's own implementations with any guard or delay replaced.
 * The id and version stay, so the runtime and replay treat it as the machine it impersonates.
 * @example
 * const forgetful = mutateDefinition(customResourceDefinition, removeAfter(['open']));
 */
export function mutateDefinition(
  definition: MachineDefinition,
  ...mutations: readonly MachineMutation[]
): MachineDefinition {
  const original: AnyStateMachine = definition.machine;
  const config = cloneConfig(original.config) as unknown as NodeConfig;
  for (const m of mutations) m.config?.(config);
  const impl = original.implementations;
  const guards = Object.assign({}, impl.guards, ...mutations.map((m) => m.guards ?? {})) as typeof impl.guards;
  const delays = Object.assign({}, impl.delays, ...mutations.map((m) => m.delays ?? {})) as typeof impl.delays;
  const machine = createMachine(config as never, { ...impl, guards, delays } as never) as AnyStateMachine;
  return { ...definition, machine };
}

/** Forget a deadline: drop the delayed transitions (`after`) of the state at `path`. */
export function removeAfter(path: readonly string[]): MachineMutation {
  return {
    description: `remove the after-transitions of ${path.join('.')}`,
    config: (root) => void delete nodeAt(root, path).after,
  };
}

/** Send `event` in the state at `path` somewhere else (or re-enter: targets like `'decided'` resolve as siblings). */
export function retarget(path: readonly string[], event: string, target: string, index = 0): MachineMutation {
  return {
    description: `retarget ${event} in ${path.join('.')} to ${target}`,
    config: (root) => {
      const node = nodeAt(root, path);
      const transitions = list(node.on?.[event]).map((t) =>
        typeof t === 'string' ? { target: t } : (t as Record<string, unknown>),
      );
      const chosen = transitions[index] ?? {};
      transitions[index] = { ...chosen, target };
      node.on = { ...node.on, [event]: transitions };
    },
  };
}

/** Replace how the state at `path` handles `event` entirely. */
export function replaceTransition(path: readonly string[], event: string, transition: unknown): MachineMutation {
  return {
    description: `replace ${event} in ${path.join('.')}`,
    config: (root) => void (nodeAt(root, path).on = { ...nodeAt(root, path).on, [event]: transition }),
  };
}

/** Run the entry actions of the state at `path` twice (a command issued twice, a decision made twice). */
export function duplicateEntry(path: readonly string[]): MachineMutation {
  return {
    description: `run the entry of ${path.join('.')} twice`,
    config: (root) => {
      const node = nodeAt(root, path);
      node['entry'] = [...list(node['entry']), ...list(node['entry'])];
    },
  };
}

/** Give transition `to` the actions of transition `from` (wrong bookkeeping: a wrong condition, a lost count). */
export function copyActions(
  from: { path: readonly string[]; event: string; index?: number },
  to: { path: readonly string[]; event: string; index?: number },
  pick?: (actions: unknown[]) => unknown[],
): MachineMutation {
  return {
    description: `${from.event}[${from.index ?? 0}] actions onto ${to.event}[${to.index ?? 0}] in ${to.path.join('.')}`,
    config: (root) => {
      const source = list(nodeAt(root, from.path).on?.[from.event])[from.index ?? 0] as
        Record<string, unknown> | undefined;
      const node = nodeAt(root, to.path);
      const transitions = list(node.on?.[to.event]) as Record<string, unknown>[];
      const target = transitions[to.index ?? 0];
      if (source === undefined || target === undefined)
        throw new StatebridgeError(
          'VALIDATION_FAILED',
          `mutation: no transition ${from.event} or ${to.event} to copy between`,
        );
      const actions = list(source['actions']);
      transitions[to.index ?? 0] = { ...target, actions: pick === undefined ? actions : pick(actions) };
      node.on = { ...node.on, [to.event]: transitions };
    },
  };
}

/** Replace a named guard (a changed limit, an inverted check). */
export function overrideGuard(
  name: string,
  guard: (args: { context: never; event: never }) => boolean,
): MachineMutation {
  return { description: `replace guard ${name}`, guards: { [name]: guard } };
}

/** Replace a named delay (a wrong wait, a deadline pushed out). */
export function overrideDelay(name: string, delay: number | ((args: { context: never }) => number)): MachineMutation {
  return { description: `replace delay ${name}`, delays: { [name]: delay } };
}
