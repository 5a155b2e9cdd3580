import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { chainOf, chainValue, type Chain } from './chainPlan.js';

/** The snapshot object xstate's createMachineSnapshot would build for this chain and context. */
export function snapshotOf(
  machine: AnyStateMachine,
  chain: Chain,
  context: unknown,
  status: 'active' | 'done',
  output: unknown,
): AnyMachineSnapshot {
  const methods = snapshotMethods(machine);
  // Every member named in one literal (no spread of the methods): one shape for every snapshot, made at once.
  return {
    status,
    output,
    error: undefined,
    machine,
    context,
    _nodes: chain.nodes,
    value: chainValue(chain),
    tags: chain.tagSet,
    children: {},
    historyValue: {},
    matches: methods.matches,
    hasTag: methods.hasTag,
    can: methods.can,
    getMeta: methods.getMeta,
    toJSON: methods.toJSON,
  } as unknown as AnyMachineSnapshot;
}

interface SnapshotMethods {
  readonly matches: unknown;
  readonly hasTag: unknown;
  readonly can: unknown;
  readonly getMeta: unknown;
  readonly toJSON: unknown;
}

const methodsByMachine = new WeakMap<AnyStateMachine, SnapshotMethods>();

// A snapshot's methods are the same functions on every snapshot: borrowed from one xstate built.
function snapshotMethods(machine: AnyStateMachine): SnapshotMethods {
  let methods = methodsByMachine.get(machine);
  if (methods === undefined) {
    const { matches, hasTag, can, getMeta, toJSON } = machine.resolveState({
      value: chainValue(chainOf(firstLeaf(machine.root))) as never,
      context: {},
    }) as unknown as Record<string, unknown>;
    methods = { matches, hasTag, can, getMeta, toJSON };
    methodsByMachine.set(machine, methods);
  }
  return methods;
}

function firstLeaf(node: AnyStateNode): AnyStateNode {
  return node.type === 'compound' ? firstLeaf(node.initial.target[0] as AnyStateNode) : node;
}
