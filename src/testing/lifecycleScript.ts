import fc from 'fast-check';
import type { MachineEvent } from '../core/stepRecord.js';
import type { LifecycleModel } from './lifecycleModel.js';
import type { ExecutionFault, StoreFault } from './faults.js';
import { LifecycleRun, type RunScenario } from './harness.js';
import { checkInvariants, type Invariant, type Violation } from './invariant.js';
import { dueWorkMovesOn } from './livenessInvariant.js';
import { busyMachine, retiredVersionOf, startOnPriorWorker } from './priorWorker.js';
import { HANDLERS_RETURN, HangingHandlersError } from './runWatch.js';
import { timelineText } from './timelineText.js';

/** One thing the outside world does to a run; `to` picks the instance when several share the run. */
export type Action =
  | { readonly kind: 'send'; readonly event: MachineEvent; readonly id: number; readonly to?: number }
  | { readonly kind: 'redeliver'; readonly pick: number }
  | { readonly kind: 'restart-request'; readonly to?: number }
  | { readonly kind: 'restart' }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'jump'; readonly ms: number };

/** The part of a run that only exists when the check asks for more than one healthy instance. */
export interface Fleet<TInput> {
  /** Inputs of the instances beyond the first. */
  readonly inputs: readonly TInput[];
  /** Inputs of instances a previous deployment started on a version this runtime does not register. */
  readonly retired: readonly TInput[];
  readonly storeFaults: readonly StoreFault[];
}

/** What a run is told besides its drawn values. */
export interface RunSettings extends Omit<RunScenario, 'storeFaults' | 'absentMachines'> {
  readonly start: number;
  readonly busyStreams: number;
  /** The liveness bound, when liveness is checked. */
  readonly progressWithinMs?: number;
}

/** A run that broke invariants; carries their names so the caller can tell which promise failed. */
export class RunViolation extends Error {
  constructor(
    message: string,
    readonly violations: readonly Violation[],
  ) {
    super(message);
  }
}

/** The arbitrary of one action; `targets` > 1 adds the instance pick and process restarts. */
export function actionArbitrary(
  events: fc.Arbitrary<MachineEvent> | undefined,
  maxAdvance: number,
  targets: boolean,
): fc.Arbitrary<Action> {
  const to: { to?: fc.Arbitrary<number> } = targets ? { to: fc.nat() } : {};
  const actions: fc.Arbitrary<Action>[] = [
    fc.record({ kind: fc.constant('redeliver' as const), pick: fc.nat() }),
    targets
      ? fc.record({ kind: fc.constant('restart-request' as const), ...to })
      : fc.constant({ kind: 'restart-request' as const }),
    fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: maxAdvance }) }),
    fc.record({ kind: fc.constant('jump' as const), ms: fc.integer({ min: 1, max: maxAdvance }) }),
  ];
  if (events) actions.push(fc.record({ kind: fc.constant('send' as const), event: events, id: fc.nat(), ...to }));
  if (targets) actions.push(fc.constant({ kind: 'restart' as const }));
  return fc.oneof(...actions);
}

/**
 * Play one drawn run: start every instance, apply the script, checking every invariant of every
 * instance after each action; then stop the faults, let the clock run and check the eventual promises
 * (and, when asked, that due work made progress).
 */
export async function playRun<TInput, TWorld>(
  model: LifecycleModel<TInput, TWorld>,
  all: readonly Invariant<TWorld>[],
  settings: RunSettings,
  input: TInput,
  script: readonly Action[],
  plan: readonly ExecutionFault[],
  fleet?: Fleet<TInput>,
): Promise<void> {
  const mainId = model.instanceId ?? 'instance-under-test';
  const retired = retiredVersionOf(model.definition);
  const scenario: RunScenario = {
    ...(settings.runtime === undefined ? {} : { runtime: settings.runtime }),
    ...(settings.hangAfterMs === undefined ? {} : { hangAfterMs: settings.hangAfterMs }),
    ...(fleet === undefined ? {} : { storeFaults: fleet.storeFaults, absentMachines: [retired.id, busyMachine.id] }),
  };
  const run = new LifecycleRun({
    definition: model.definition,
    executors: model.executors,
    world: model.world(),
    plan,
    instanceId: mainId,
    start: settings.start,
    reorderable: (kind) => model.reorderable?.includes(kind) ?? true,
    scenario,
  });
  const startInputOf = (i: TInput) => (model.startInput === undefined ? i : model.startInput(i, run.clock.now()));
  const starts = [
    { id: mainId, input: startInputOf(input) },
    ...(fleet?.inputs ?? []).map((i, n) => ({ id: `${mainId}.${n + 2}`, input: startInputOf(i) })),
  ];
  const ids = starts.map((s) => s.id);
  const sent: { event: MachineEvent; eventId: string; to: string }[] = [];
  const check = async (when: string, invariants: readonly Invariant<TWorld>[]) => {
    // A slow call moved the clock without firing what fell due meanwhile; fire it (late) before looking.
    await run.clock.advance(0);
    const violations: Violation[] = [];
    let timelines = '';
    for (const [id, world] of run.worlds) {
      const records = await run.records(id);
      const found = checkInvariants(invariants, { records, world, now: run.clock.now() });
      violations.push(
        ...(ids.length > 1
          ? found.map((v) => (v.message.startsWith(`${id}:`) ? v : { ...v, message: `${id}: ${v.message}` }))
          : found),
      );
      if (found.length > 0 || ids.length === 1)
        timelines += `${ids.length > 1 ? `${id}:\n` : ''}${timelineText(records)}`;
    }
    if (run.runtimeErrors.length > 0)
      violations.push({ invariant: 'no runtime faults', message: run.runtimeErrors.map(String).join('; ') });
    if (violations.length > 0) {
      throw new RunViolation(
        `${when}: ${violations.map((v) => `[${v.invariant}] ${v.message}`).join('; ')}\n` +
          `faults drawn: ${run.faultsDrawn.join(', ') || 'none'}; restarts: ${run.restarts}\ntimeline:\n${timelines}`,
        violations,
      );
    }
  };
  try {
    if (fleet !== undefined) {
      const busy = Array.from({ length: settings.busyStreams }, (_, n) => ({
        instanceId: `busy-${String(n).padStart(5, '0')}`,
        input: {},
      }));
      const old = fleet.retired.map((i, n) => ({ instanceId: `retired-${n + 1}`, input: startInputOf(i) }));
      await startOnPriorWorker(run.store, run.clock, busyMachine, busy);
      await startOnPriorWorker(run.store, run.clock, retired, old);
      for (const s of [...busy, ...old]) run.absentInstances.add(s.instanceId);
      await run.recover(); // this process starts over a store another deployment left work in
      await run.settle();
    }
    for (const s of starts.slice(1)) run.addInstance(s.id, model.world());
    for (const s of starts) await run.start(s.input, 'request-1', s.id);
    await check('after start', all);
    for (const action of script) {
      const to = ids[('to' in action ? (action.to ?? 0) : 0) % ids.length]!;
      switch (action.kind) {
        case 'send':
          sent.push({ event: action.event, eventId: `event-${action.id}`, to });
          await run.send(action.event, `event-${action.id}`, to);
          break;
        case 'redeliver': {
          const again = sent[action.pick % Math.max(1, sent.length)];
          if (again) await run.send(again.event, again.eventId, again.to);
          break;
        }
        case 'restart-request':
          await run.start(starts.find((s) => s.id === to)!.input, 'request-1', to);
          break;
        case 'restart':
          await run.restart();
          await run.settle();
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
    const progress =
      settings.progressWithinMs === undefined ? [] : [dueWorkMovesOn(settings.progressWithinMs) as Invariant<TWorld>];
    if (progress.length > 0) {
      run.stopFaults();
      await run.clock.advance(settings.progressWithinMs!);
      await check(`${settings.progressWithinMs! / 1000} s after faults stopped`, [...all, ...progress]);
    }
    await run.clock.advance(model.settleMs ?? 24 * 3600_000);
    await check('at the end', [...all, ...(model.eventually ?? []), ...progress]);
  } catch (error) {
    if (!(error instanceof HangingHandlersError)) throw error;
    const timelines = (
      await Promise.all(
        ids.map(async (id) => `${ids.length > 1 ? `${id}:\n` : ''}${timelineText(await run.records(id))}`),
      )
    ).join('');
    throw new RunViolation(
      `[${HANDLERS_RETURN}] ${error.message}\n` +
        `faults drawn: ${run.faultsDrawn.join(', ') || 'none'}; restarts: ${run.restarts}\ntimeline:\n${timelines}`,
      [{ invariant: HANDLERS_RETURN, message: error.message }],
    );
  }
}
