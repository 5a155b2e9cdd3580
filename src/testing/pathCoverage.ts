import type { AnyMachineSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { MemoryEventStore } from '../adapters/memory/memoryEventStore.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { stateValueToString } from '../core/stateValue.js';
import type { MachineEvent, StepRecord } from '../core/stepRecord.js';
import { parseInput } from '../protocol/validate.js';
import { createRuntime } from '../runtime/runtime.js';
import { VirtualClock } from '../runtime/virtualClock.js';
import { checkInvariants, type Invariant, type Violation } from './invariant.js';
import { machineStructure, stateIdsOf, traceTransitions } from './machineGraph.js';
import { machineInvariants } from './machineInvariants.js';
import { timelineText } from './timelineText.js';

/** How to explore a machine. */
export interface CoverOptions {
  /** Start inputs; the graph is explored from each (different settings reach different branches). */
  readonly inputs: readonly unknown[];
  /** The events worth trying in a state (command outcomes, timer events, external events). */
  readonly events: (snapshot: AnyMachineSnapshot) => readonly MachineEvent[];
  /** Event types that only timers deliver: a path takes them by advancing the clock to the pending timer. */
  readonly timerEvents?: readonly string[];
  /** What of the context tells states apart (default nothing: one vertex per state value and incoming event). */
  readonly contextKey?: (context: unknown) => string;
  /** Most states the graph traversal visits per input (context makes the space unbounded). */
  readonly limit?: number;
  /** Checked after every step of every path, with the machine invariants; the world is undefined. */
  readonly invariants?: readonly Invariant<undefined>[];
  /** Epoch ms the clock starts at; inputs that carry a receive time should use it. */
  readonly start?: number;
}

/** What the generated paths reached, run through the real runtime. */
export interface CoverageReport {
  readonly states: {
    readonly all: readonly string[];
    readonly covered: readonly string[];
    readonly missing: readonly string[];
  };
  readonly transitions: {
    readonly all: readonly string[];
    readonly covered: readonly string[];
    readonly missing: readonly string[];
  };
  /** Paths run through the runtime. */
  readonly paths: number;
  /** Paths the runtime could not follow (an earlier timer fell due first), with where they parted. */
  readonly diverged: readonly string[];
  /** Invariants broken on some path, with that path's timeline. */
  readonly violations: readonly (Violation & { readonly timeline: string })[];
}

const INSTANCE = 'path-under-test';

/**
 * Generate paths through a machine with `xstate/graph` (shortest paths to every state × incoming
 * event), run each through the real runtime on the memory store with the virtual clock — timer events
 * by advancing the clock, everything else delivered as events — checking every invariant after every
 * step, and report which state nodes and transitions the runs reached and which they did not.
 * @example
 * const report = await coverMachine(customResourceDefinition, { inputs: [input], events: eventsFor });
 * expect(report.transitions.missing).toEqual([]);
 */
export async function coverMachine(definition: MachineDefinition, options: CoverOptions): Promise<CoverageReport> {
  const structure = machineStructure(definition.machine);
  const taken = new Set<string>();
  const resting = new Set<string>();
  let sink: Set<string> | undefined;
  const traced = traceTransitions(definition, () => sink);
  const timerEvents = new Set(options.timerEvents ?? []);
  const start = options.start ?? Date.parse('2026-01-01T00:00:00Z');
  const diverged: string[] = [];
  const violations: (Violation & { timeline: string })[] = [];
  const invariants = [...machineInvariants(traced), ...(options.invariants ?? [])];
  let paths = 0;
  for (const raw of options.inputs) {
    const input = definition.input === undefined ? raw : parseInput(definition.input, raw, `input of ${definition.id}`);
    const graph = getShortestPaths(traced.machine, {
      input,
      events: (snapshot: AnyMachineSnapshot) => [...options.events(snapshot)],
      // A vertex per (state before, event, state after): shortest paths then reach every transition, not just every
      // state.
      serializeState: (
        snapshot: AnyMachineSnapshot,
        event: MachineEvent | undefined,
        previous: AnyMachineSnapshot | undefined,
      ) =>
        `${JSON.stringify(previous?.value ?? null)}|${event?.type ?? ''}|` +
        `${JSON.stringify(snapshot.value)}|${options.contextKey?.(snapshot.context) ?? ''}`,
      limit: options.limit ?? 2000,
    } as never) as { steps: { event: MachineEvent; state: AnyMachineSnapshot }[] }[];
    for (const path of graph) {
      paths += 1;
      sink = taken;
      try {
        const outcome = await runPath(traced, input, path.steps, timerEvents, start, invariants);
        for (const r of outcome.records)
          for (const id of stateIdsOf(definition.machine.id, r.state.value)) resting.add(id);
        if (outcome.diverged !== undefined) diverged.push(outcome.diverged);
        violations.push(...outcome.violations);
      } finally {
        sink = undefined;
      }
    }
  }
  const sources = new Set(structure.transitions.filter((t) => taken.has(t.id)).map((t) => t.source));
  const coveredStates = structure.states.filter((s) => s === definition.machine.id || resting.has(s) || sources.has(s));
  const allTransitions = structure.transitions.map((t) => t.id);
  return {
    states: {
      all: structure.states,
      covered: coveredStates,
      missing: structure.states.filter((s) => !coveredStates.includes(s)),
    },
    transitions: {
      all: allTransitions,
      covered: allTransitions.filter((t) => taken.has(t)),
      missing: allTransitions.filter((t) => !taken.has(t)),
    },
    paths,
    diverged,
    violations,
  };
}

async function runPath(
  definition: MachineDefinition,
  input: unknown,
  steps: readonly { event: MachineEvent; state: AnyMachineSnapshot }[],
  timerEvents: ReadonlySet<string>,
  start: number,
  invariants: readonly Invariant<undefined>[],
): Promise<{ records: StepRecord[]; diverged?: string; violations: (Violation & { timeline: string })[] }> {
  const store = new MemoryEventStore();
  const clock = new VirtualClock(start);
  const errors: unknown[] = [];
  // Commands finish without an outcome: the path itself says which outcome comes back, and when.
  const executors = Object.fromEntries(
    Object.keys(definition.machine.implementations.actions).map((k) => [k, async () => undefined]),
  );
  const runtime = createRuntime({ store, clock, onError: (e) => errors.push(e) }).register(definition, executors);
  clock.attach(runtime);
  const records = async () => {
    const out: StepRecord[] = [];
    for await (const r of store.readStream(INSTANCE)) out.push(r);
    return out;
  };
  const described = steps.map((s) => s.event.type).join(' → ');
  await runtime.start(definition.id, INSTANCE, input, { eventId: 'start' });
  await runtime.idle();
  for (const [i, step] of steps.slice(1).entries()) {
    const head = await store.readHead(INSTANCE);
    const timer = head?.pending.timers.find((t) => t.event.type === step.event.type);
    if (timer !== undefined) await clock.advanceTo(timer.dueAt);
    else if (timerEvents.has(step.event.type) || step.event.type.startsWith('xstate.after.'))
      return {
        records: await records(),
        diverged: `${described}: no ${step.event.type} timer pending at step ${i + 1}`,
        violations: [],
      };
    else await runtime.deliver(INSTANCE, step.event, `path-${i + 1}`, { kind: 'external' });
    await runtime.idle();
    const all = await records();
    const found = checkInvariants(invariants, { records: all, world: undefined, now: clock.now() });
    if (errors.length > 0) found.push({ invariant: 'no runtime faults', message: errors.map(String).join('; ') });
    if (found.length > 0)
      return { records: all, violations: found.map((v) => ({ ...v, timeline: `${described}\n${timelineText(all)}` })) };
    const expected = stateValueToString(step.state.value as never);
    if (all.at(-1)?.stateAfter !== expected)
      return {
        records: all,
        diverged:
          `${described}: at step ${i + 1} the runtime is ` +
          `in ${all.at(-1)?.stateAfter ?? '?'}, the graph in ${expected}`,
        violations: [],
      };
  }
  return { records: await records(), violations: [] };
}

/**
 * Join reports of the same machine explored with different options (say, one input whose branches need
 * a finer context key): covered is the union, missing what no report covered.
 * @example
 * const all = mergeCoverage(await coverMachine(def, broad), await coverMachine(def, deep));
 */
export function mergeCoverage(...reports: readonly CoverageReport[]): CoverageReport {
  const union = (pick: (r: CoverageReport) => readonly string[]) => [...new Set(reports.flatMap(pick))];
  const all = union((r) => r.states.all);
  const transitions = union((r) => r.transitions.all);
  const coveredStates = union((r) => r.states.covered);
  const coveredTransitions = union((r) => r.transitions.covered);
  return {
    states: { all, covered: coveredStates, missing: all.filter((s) => !coveredStates.includes(s)) },
    transitions: {
      all: transitions,
      covered: coveredTransitions,
      missing: transitions.filter((t) => !coveredTransitions.includes(t)),
    },
    paths: reports.reduce((n, r) => n + r.paths, 0),
    diverged: reports.flatMap((r) => r.diverged),
    violations: reports.flatMap((r) => r.violations),
  };
}
