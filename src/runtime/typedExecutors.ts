import type { AnyStateMachine, ContextFrom, StateMachine } from 'xstate';
import type { MachineDefinition } from '../core/machineDefinition.js';
import type { Command, StepRecord } from '../core/stepRecord.js';
import type { CommandExecutor, ExecutorContext } from './executor.js';

/** The named actions `setup({ actions })` declared for a machine, each as `{ type, params }`. */
type ActionsOf<TMachine> =
  TMachine extends StateMachine<
    infer _TContext,
    infer _TEvent,
    infer _TChildren,
    infer _TActor,
    infer TAction,
    infer _TGuard,
    infer _TDelay,
    infer _TStateValue,
    infer _TTag,
    infer _TInput,
    infer _TOutput,
    infer _TEmitted,
    infer _TMeta,
    infer _TStateSchema,
    infer _TTransitionMeta
  >
    ? TAction
    : never;

/** The names of a machine's commands: its named actions. */
export type CommandKindOf<TMachine extends AnyStateMachine> = ActionsOf<TMachine>['type'];

/** The params a machine's named action `TKind` declared. */
export type CommandParamsOf<TMachine extends AnyStateMachine, TKind extends CommandKindOf<TMachine>> = Extract<
  ActionsOf<TMachine>,
  { type: TKind }
>['params'];

/** A command of one named action, with the params type the machine declared for it. */
export interface TypedCommand<TKind extends string, TParams> extends Omit<Command, 'kind' | 'params'> {
  readonly kind: TKind;
  readonly params: TParams;
}

/** The executor of one named action of `TMachine`. */
export type ExecutorOf<TMachine extends AnyStateMachine, TKind extends CommandKindOf<TMachine>> = (
  command: TypedCommand<TKind, CommandParamsOf<TMachine, TKind>>,
  context: ExecutorContext,
) => ReturnType<CommandExecutor>;

/** One executor for every named action of `TMachine`. */
export type ExecutorsOf<TMachine extends AnyStateMachine> = {
  readonly [TKind in CommandKindOf<TMachine>]: ExecutorOf<TMachine, TKind>;
};

/**
 * Executors for a machine's commands, each receiving the params type the machine's `setup({ actions })`
 * declared, and none missing (temporal's `proxyActivities<typeof activities>()` works the same way).
 * @example
 * runtime.register(doorDefinition, defineExecutors<typeof doorMachine>({
 *   ring: async (command) => ({ type: 'rang', times: command.params.times }),
 * }));
 */
export function defineExecutors<TMachine extends AnyStateMachine>(
  executors: ExecutorsOf<TMachine>,
): Readonly<Record<string, CommandExecutor>> {
  // The runtime hands each executor only commands of its own kind, with the params its machine produced.
  return executors as unknown as Readonly<Record<string, CommandExecutor>>;
}

/**
 * The context a step of `definition`'s machine holds, typed as the machine declared it.
 * @example
 * const context = contextOf(customResourceDefinition, ctx.record);
 */
export function contextOf<TMachine extends AnyStateMachine>(
  _definition: MachineDefinition<TMachine>,
  record: StepRecord,
): ContextFrom<TMachine> {
  // Every record of an instance was decided by its pinned machine, so its context has that machine's type.
  return record.state.context as unknown as ContextFrom<TMachine>;
}
