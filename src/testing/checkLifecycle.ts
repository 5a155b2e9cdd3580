import fc from 'fast-check';
import type { MachineDefinition } from '../core/machineDefinition.js';
import type { MachineEvent } from '../core/stepRecord.js';
import { defaultFaultWeights, faultPlanArbitrary, type FaultWeights } from './faults.js';
import { LifecycleRun, type FaultyExecutor } from './harness.js';
import { checkInvariants, type Invariant, type Violation } from './invariant.js';
import { machineInvariants } from './machineInvariants.js';
import { timelineText } from './timelineText.js';

/** What `checkLifecycle` needs to know about a machine under test. */
export interface LifecycleModel<TInput, TWorld> {
  readonly definition: MachineDefinition;
  /** The start input. */
  readonly input: fc.Arbitrary<TInput>;
  /** Events the outside world may send the instance while it runs (validated with the machine's schema). */
  readonly events?: fc.Arbitrary<MachineEvent>;
  /** A fresh record of what the outside world observed (responses received, deliveries made, ...). */
  readonly world: () => TWorld;
  /** Executors for every named action, told which fault to play. */
  readonly executors: Readonly<Record<string, FaultyExecutor<TWorld>>>;
  /** Checked after every step of every run, with the machine-independent invariants. */
  readonly invariants: readonly Invariant<TWorld>[];
  /** Checked once at the end, after the clock ran `settleMs` further so every timer had its chance. */
  readonly eventually?: readonly Invariant<TWorld>[];
  readonly settleMs?: number;
  /** The instance id used in every run. */
  readonly instanceId?: string;
  /** Commands whose outcomes may arrive out of order (default: all); the service's ordering guarantees decide. */
  readonly reorderable?: readonly string[];
  /** Turn a drawn input into the start input, given the clock's reading at start (e.g. to stamp a receive time). */
  readonly startInput?: (input: TInput, now: number) => unknown;
}

/** Options for one check. */
export interface CheckOptions {
  readonly runs?: number;
  readonly seed?: number;
  /** With `seed`, replays exactly the failing run a LifecycleCheckError printed (its `path`). */
  readonly path?: string;
  readonly maxActions?: number;
  /** The largest single clock advance a run makes. */
  readonly maxAdvanceMs?: number;
  readonly faults?: FaultWeights;
  /** Epoch ms the virtual clock starts at. */
  readonly start?: number;
}

/** Thrown when a run breaks an invariant; its message has the seed, the shrunk run and its timeline. */
export class LifecycleCheckError extends Error {
  constructor(
    message: string,
    readonly seed: number,
    /** Names of the invariants the shrunk counterexample breaks. */
    readonly invariants: readonly string[] = [],
    /** How many runs it took to find the first failure. */
    readonly runs = 0,
    /** Pass with `seed` to replay exactly the shrunk counterexample. */
    readonly path = '',
  ) {
    super(message);
    this.name = 'LifecycleCheckError';
  }
}

/** A run that broke invariants; carries their names so the caller can tell which promise failed. */
class RunViolation extends Error {
  constructor(
    message: string,
    readonly violations: readonly Violation[],
  ) {
    super(message);
  }
}

type Action =
  | { readonly kind: 'send'; readonly event: MachineEvent; readonly id: number }
  | { readonly kind: 'redeliver'; readonly pick: number }
  | { readonly kind: 'restart-request' }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'jump'; readonly ms: number };

/**
 * Run `model.definition` many times under random events, clock moves and faults (duplicates, crashes
 * between commit and execution, failing and slow calls, late timers, clock jumps), checking every
 * invariant after every step. Resolves when all runs pass; otherwise throws a LifecycleCheckError naming
 * the invariant, the seed to replay, the shrunk counterexample and its timeline.
 * @example
 * await checkLifecycle(model, { runs: 200, seed: 42 });
 */
export async function checkLifecycle<TInput, TWorld>(model: LifecycleModel<TInput, TWorld>, options: CheckOptions = {}): Promise<{ runs: number; seed: number }> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runs = options.runs ?? 100;
  const maxAdvance = options.maxAdvanceMs ?? 10 * 60_000;
  const all = [...machineInvariants(model.definition), ...model.invariants];
  const actions: fc.Arbitrary<Action>[] = [
    fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }),
    fc.constant({ kind: 'restart-request' as const }),
    fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: maxAdvance }) }),
    fc.record({ kind: fc.constant('jump' as const), ms: fc.integer({ min: 1, max: maxAdvance }) }),
  ];
  if (model.events) actions.push(fc.record({ kind: fc.constant('send' as const), event: model.events, id: fc.nat() }));
  const property = fc.asyncProperty(
    model.input,
    fc.array(fc.oneof(...actions), { maxLength: options.maxActions ?? 12 }),
    faultPlanArbitrary(options.faults ?? defaultFaultWeights),
    async (input, script, plan) => {
      const run = new LifecycleRun(model.definition, model.executors, model.world(), plan, model.instanceId ?? 'instance-under-test', options.start ?? Date.parse('2026-01-01T00:00:00Z'), (kind) => model.reorderable?.includes(kind) ?? true);
      const sent: { event: MachineEvent; eventId: string }[] = [];
      const check = async (when: string, invariants: readonly Invariant<TWorld>[]) => {
        // A slow call moved the clock without firing what fell due meanwhile; fire it (late) before looking.
        await run.clock.advance(0);
        const records = await run.records();
        const violations: Violation[] = checkInvariants(invariants, { records, world: run.world, now: run.clock.now() });
        if (run.runtimeErrors.length > 0) violations.push({ invariant: 'no runtime faults', message: run.runtimeErrors.map(String).join('; ') });
        if (violations.length > 0) {
          throw new RunViolation(
            `${when}: ${violations.map((v) => `[${v.invariant}] ${v.message}`).join('; ')}\n` +
              `faults drawn: ${run.faultsDrawn.join(', ') || 'none'}; restarts: ${run.restarts}\ntimeline:\n${timelineText(records)}`,
            violations,
          );
        }
      };
      const startInput = model.startInput === undefined ? input : model.startInput(input, run.clock.now());
      await run.start(startInput, 'request-1');
      await check('after start', all);
      for (const action of script) {
        switch (action.kind) {
          case 'send':
            sent.push({ event: action.event, eventId: `event-${action.id}` });
            await run.send(action.event, `event-${action.id}`);
            break;
          case 'redeliver': {
            const again = sent[action.pick % Math.max(1, sent.length)];
            if (again) await run.send(again.event, again.eventId);
            break;
          }
          case 'restart-request':
            await run.start(startInput, 'request-1');
            break;
          case 'advance':
            await run.clock.advance(action.ms);
            break;
          case 'jump':
            run.clock.jump(action.ms);
            await run.clock.advance(1);
            break;
        }
        await check(`after ${action.kind}`, all);
      }
      await run.clock.advance(model.settleMs ?? 24 * 3600_000);
      await check('at the end', [...all, ...(model.eventually ?? [])]);
    },
  );
  const details = await fc.check(property, { numRuns: runs, seed, ...(options.path === undefined ? {} : { path: options.path }) });
  if (details.failed) {
    const shrunk = details.counterexample === null ? '' : fc.stringify(details.counterexample);
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const names = details.errorInstance instanceof RunViolation ? [...new Set(details.errorInstance.violations.map((v) => v.invariant))] : [];
    throw new LifecycleCheckError(
      `lifecycle check of ${model.definition.id} failed after ${details.numRuns} run(s) (shrunk ${details.numShrinks} times)\n` +
        `replay with: { seed: ${details.seed}, path: "${details.counterexamplePath ?? ''}" }\n` +
        `counterexample: ${shrunk}\n${error}`,
      details.seed,
      names,
      details.numRuns,
      details.counterexamplePath ?? '',
    );
  }
  return { runs: details.numRuns, seed };
}
