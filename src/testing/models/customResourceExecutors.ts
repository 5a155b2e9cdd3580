import type { CustomResourceContext, HandlerOutcome, PollOutcome } from '../../../machines/customResource/index.js';
import { responseHeaders } from '../../adapters/http/responseClient.js';
import type { BaseHandler } from '../../app/customResource/baseHandler.js';
import { customResourceExecutors, type ResponsePutter } from '../../app/customResource/executors.js';
import { HandlerRegistry } from '../../app/customResource/handlerRegistry.js';
import type { MachineEvent } from '../../core/stepRecord.js';
import type { ExecutionFault } from '../faults.js';
import type { CustomResourceWorld } from '../customResourceWorld.js';
import { deliverLater, type FaultyExecutor } from '../harness.js';

/** Hooks between the runtime and the outside world; mutants use them to break the protocol layer. */
export interface CustomResourceSeams {
  /** What reaches the machine from a handler call (default: unchanged). */
  readonly handlerOutcome?: (outcome: HandlerOutcome) => HandlerOutcome;
  /** What goes on the wire for a decided body on PUT attempt `attempt` (default: unchanged). */
  readonly putBody?: (
    body: string,
    context: CustomResourceContext,
    attempt: number,
    world: CustomResourceWorld,
  ) => string;
}

type Fault = Exclude<ExecutionFault, 'crash'>;
const INJECTED = 'injected fault: the handler threw';
const contextOf = (record: { state: { context: unknown } }) => record.state.context as CustomResourceContext;

/**
 * The handler as the runtime sees it under a fault: it throws on `fail`, and every answer it gives is noted in the
 * world.
 */
function observed(handler: BaseHandler<never>, world: CustomResourceWorld, fault: Fault): BaseHandler<never> {
  const proxy = Object.create(handler) as BaseHandler<never> & Record<string, unknown>;
  if (fault === 'fail') {
    for (const method of ['create', 'update', 'delete']) proxy[method] = () => Promise.reject(new Error(INJECTED));
    if (handler.isComplete !== undefined) proxy.isComplete = () => Promise.reject(new Error(INJECTED));
  }
  const note = (requestType: unknown, outcome: HandlerOutcome | PollOutcome) => {
    if (outcome.kind !== 'answer' && outcome.kind !== 'poll') return;
    world.handlerAnswers.push({
      requestType: String(requestType),
      status: outcome.kind === 'poll' ? 'SUCCESS' : outcome.Status,
      noEcho: outcome.NoEcho === true,
      ...(outcome.Data === undefined ? {} : { data: outcome.Data }),
    });
  };
  proxy.dispatch = async (raw, context) => {
    const outcome = await handler.dispatch.call(proxy, raw, context);
    note(raw['RequestType'], outcome);
    return outcome;
  };
  proxy.poll = async (raw, context, start) => {
    const outcome = await handler.poll.call(proxy, raw, context, start);
    note(raw['RequestType'], outcome);
    return outcome;
  };
  return proxy;
}

/**
 * A response endpoint that records every PUT; `fail` refuses odd attempts with a 500 and drops even ones (a network
 * error).
 */
function recordingPutter(world: CustomResourceWorld, fault: Fault, attempt: number): ResponsePutter {
  return async (url, body, { dialect, now }) => {
    const received = { method: 'PUT', url, headers: responseHeaders(body, { dialect, now }), body, at: now };
    if (fault === 'fail' && attempt % 2 === 0)
      return { ok: false, retryable: true, error: 'network: socket hang up (injected)' };
    if (fault === 'fail') {
      world.received.push({ ...received, status: 500 });
      return { ok: false, retryable: true, httpStatus: 500, error: 'HTTP 500' };
    }
    world.received.push({ ...received, status: 200 });
    // the client retried a PUT that had arrived
    if (fault === 'duplicate') world.received.push({ ...received, status: 200 });
    return { ok: true, retryable: false, httpStatus: 200 };
  };
}

/**
 * Executors of the custom resource machine under the fault model, wrapping the shipped executors
 * (`src/app/customResource/executors.ts`) so the real handler dispatch, poll and PUT code runs.
 */
export function customResourceExecutorsUnderFaults(
  handlerNamed: (name: string) => BaseHandler<never>,
  hangs: (context: CustomResourceContext) => boolean,
  seams: CustomResourceSeams,
): Record<string, FaultyExecutor<CustomResourceWorld>> {
  const shipped = (world: CustomResourceWorld, fault: Fault, attempt = 1) => {
    const registry = new HandlerRegistry();
    for (const name of ['user', 'scripted', 'scripted-poll'])
      registry.register(name, observed(handlerNamed(name), world, fault));
    const putter = recordingPutter(world, fault, attempt);
    const put: ResponsePutter =
      seams.putBody === undefined
        ? putter
        : (url, body, o) => putter(url, seams.putBody!(body, currentContext!, attempt, world), o);
    let currentContext: CustomResourceContext | undefined;
    return {
      executors: customResourceExecutors(registry, put),
      setContext: (c: CustomResourceContext) => (currentContext = c),
    };
  };
  const handlerCall =
    (kind: 'invokeHandler' | 'pollHandler'): FaultyExecutor<CustomResourceWorld> =>
    async (command, ctx, fault, world) => {
      const context = contextOf(ctx.record);
      if (kind === 'invokeHandler' && hangs(context)) return undefined; // the call never returns
      const { executors } = shipped(world, fault);
      const run = executors[kind]!;
      const first = (await run(command, ctx)) as MachineEvent & { outcome?: HandlerOutcome };
      if (fault === 'duplicate') await run(command, ctx); // at-least-once: the handler ran twice, one outcome counts
      const event =
        kind === 'invokeHandler' && seams.handlerOutcome !== undefined && first.outcome !== undefined
          ? { ...first, outcome: seams.handlerOutcome(first.outcome) }
          : first;
      // Slow: the call completes half a minute after the decide-by time; its result arrives late.
      if (fault === 'slow') return deliverLater(Math.max(0, context.decideBy - ctx.clock.now()) + 30_000, event);
      return event;
    };
  return {
    invokeHandler: handlerCall('invokeHandler'),
    pollHandler: handlerCall('pollHandler'),
    compensateCreate: async (command, ctx, fault, world) =>
      shipped(world, fault).executors['compensateCreate']!(command, ctx),
    putResponse: async (command, ctx, fault, world) => {
      const attempt = (command.params as { attempt?: number }).attempt ?? 1;
      const { executors, setContext } = shipped(world, fault, attempt);
      setContext(contextOf(ctx.record));
      return executors['putResponse']!(command, ctx);
    },
  };
}
