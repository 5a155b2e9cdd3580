import type { AnyStateMachine } from 'xstate';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { cloneConfig, mutateDefinition, type NodeConfig } from './mutation.js';

/** One transition of a machine, named by where it starts, what triggers it and its place among the candidates. */
interface TransitionRef {
  /** `source|trigger|index`, e.g. `customResource.open.running|handlerResult|0`. */
  readonly id: string;
  /** Id of the state node that declares it. */
  readonly source: string;
  /** The event type, `after:<delay>` or `always`. */
  readonly trigger: string;
  readonly index: number;
}

/** Every state node and transition of a machine, read from its config. */
interface MachineStructure {
  /** State node ids, the root included (e.g. `customResource`, `customResource.open.running`). */
  readonly states: readonly string[];
  readonly transitions: readonly TransitionRef[];
}

type Visit = (
  node: NodeConfig,
  id: string,
  trigger: string,
  index: number,
  transition: Record<string, unknown>,
  replace: (t: Record<string, unknown>) => void,
) => void;

const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value];
const asTransition = (value: unknown): Record<string, unknown> =>
  typeof value === 'string' ? { target: value } : ((value ?? {}) as Record<string, unknown>);

/** Walk every state node and every transition of a config, depth first, in document order. */
function walk(node: NodeConfig, id: string, onState: (id: string) => void, onTransition: Visit): void {
  onState(id);
  const groups: [string, Record<string, unknown>, string][] = [
    ...Object.keys(node.on ?? {}).map(
      (event) => [event, node.on as Record<string, unknown>, event] as [string, Record<string, unknown>, string],
    ),
    ...Object.keys(node.after ?? {}).map(
      (delay) =>
        [`after:${delay}`, node.after as Record<string, unknown>, delay] as [string, Record<string, unknown>, string],
    ),
  ];
  for (const [trigger, holder, key] of groups) {
    const list = asList(holder[key]).map(asTransition);
    list.forEach((t, index) => onTransition(node, id, trigger, index, t, (replacement) => (list[index] = replacement)));
    holder[key] = list;
  }
  if (node['always'] !== undefined) {
    const list = asList(node['always']).map(asTransition);
    list.forEach((t, index) =>
      onTransition(node, id, 'always', index, t, (replacement) => (list[index] = replacement)),
    );
    node['always'] = list;
  }
  for (const [key, child] of Object.entries(node.states ?? {})) walk(child, `${id}.${key}`, onState, onTransition);
}

/**
 * Every state and transition of a machine, read from its config (so nothing reachable only by a
 * guard's whim is left out).
 * @example
 * const { states, transitions } = machineStructure(customResourceMachine);
 */
export function machineStructure(machine: AnyStateMachine): MachineStructure {
  const states: string[] = [];
  const transitions: TransitionRef[] = [];
  walk(
    cloneConfig(machine.config) as NodeConfig,
    machine.id,
    (id) => states.push(id),
    (_node, source, trigger, index) =>
      transitions.push({ id: `${source}|${trigger}|${index}`, source, trigger, index }),
  );
  return { states, transitions };
}

type GuardFn = (args: unknown, params: unknown) => boolean;

/** Evaluate a transition's guard as xstate would: none, a named guard (with or without params), or a function. */
function evaluate(machine: AnyStateMachine, guard: unknown, args: unknown, params: unknown): boolean {
  if (guard === undefined) return true;
  const named = machine.implementations.guards as Record<string, GuardFn>;
  if (typeof guard === 'string') return named[guard]!(args, params);
  if (typeof guard === 'function') return (guard as GuardFn)(args, params);
  const { type, params: own } = guard as { type: string; params?: unknown };
  const resolved = typeof own === 'function' ? (own as (a: unknown) => unknown)(args) : own;
  return named[type]!(args, resolved);
}

/**
 * A copy of a machine whose every transition reports, when it is the one taken, its id to `sink()`.
 * xstate takes the first candidate whose guard holds, so a guard that holds is a transition taken.
 * @example
 * const taken = new Set<string>();
 * const traced = traceTransitions(customResourceDefinition, () => taken);
 */
export function traceTransitions(
  definition: MachineDefinition,
  sink: () => Set<string> | undefined,
): MachineDefinition {
  const machine = definition.machine;
  return mutateDefinition(definition, {
    description: 'report taken transitions',
    config: (root) =>
      walk(
        root,
        machine.id,
        () => undefined,
        (_node, source, trigger, index, transition, replace) => {
          const original = transition['guard'];
          const id = `${source}|${trigger}|${index}`;
          replace({
            ...transition,
            guard: (args: unknown, params: unknown) => {
              const taken = evaluate(machine, original, args, params);
              if (taken) sink()?.add(id);
              return taken;
            },
          });
        },
      ),
  });
}

/** The ids of a resting state value and all its ancestors (`open.running` → `m.open`, `m.open.running`). */
export function stateIdsOf(machineId: string, value: unknown): string[] {
  if (typeof value === 'string') return [`${machineId}.${value}`];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    `${machineId}.${key}`,
    ...stateIdsOf(`${machineId}.${key}`, inner),
  ]);
}
