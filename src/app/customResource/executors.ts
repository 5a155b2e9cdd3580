import {
  customResourceDefinition,
  type customResourceMachine,
  type CustomResourceContext,
} from '../../../machines/customResource/index.js';
import { echoOf } from '../../../machines/customResource/customResource.decide.js';
import { putCustomResourceResponse, type PutOutcome } from '../../adapters/http/responseClient.js';
import { serializeResponseBody } from '../../protocol/customResource/responseBody.js';
import type { CommandExecutor, ExecutorContext } from '../../runtime/executor.js';
import { contextOf, defineExecutors } from '../../runtime/typedExecutors.js';
import type { HandlerContext } from './baseHandler.js';
import type { HandlerRegistry } from './handlerRegistry.js';

/** How answers are PUT; tests and the simulator may route them elsewhere. */
export type ResponsePutter = (
  url: string,
  body: string,
  options: { dialect: 'cloudformation' | 'ros'; now: number },
) => Promise<PutOutcome>;

function handlerContext(ctx: ExecutorContext, context: CustomResourceContext): HandlerContext {
  return {
    provider: context.provider,
    instanceId: ctx.instanceId,
    decideBy: context.decideBy,
    remainingMs: () => Math.max(0, context.decideBy - ctx.clock.now()),
  };
}

/**
 * Executors of the custom resource machine's commands: call the user's handler, poll isComplete, PUT
 * the decided body. Each reads the request from the step that issued it, so the command params carry
 * no ResponseURL and no Data.
 */
export function customResourceExecutors(
  handlers: HandlerRegistry,
  put: ResponsePutter = putCustomResourceResponse,
): Readonly<Record<string, CommandExecutor>> {
  return defineExecutors<typeof customResourceMachine>({
    invokeHandler: async (_command, ctx) => {
      const context = contextOf(customResourceDefinition, ctx.record);
      const outcome = await handlers.get(context.handler).dispatch(context.event, handlerContext(ctx, context));
      return { type: 'handlerResult', outcome, at: ctx.clock.now() };
    },
    pollHandler: async (command, ctx) => {
      const context = contextOf(customResourceDefinition, ctx.record);
      const attempt = command.params.attempt ?? 0;
      const outcome = await handlers.get(context.handler).poll(context.event, handlerContext(ctx, context), {
        ...(context.poll?.PhysicalResourceId === undefined
          ? {}
          : { physicalResourceId: context.poll.PhysicalResourceId }),
        ...(context.poll?.Data === undefined ? {} : { data: context.poll.Data }),
        attempt,
      });
      return { type: 'pollResult', outcome, at: ctx.clock.now() };
    },
    compensateCreate: async (command, ctx) => {
      const context = contextOf(customResourceDefinition, ctx.record);
      const { physicalResourceId } = command.params;
      const event = {
        ...context.event,
        RequestType: 'Delete',
        PhysicalResourceId: physicalResourceId,
        RequestId: `${echoOf(context).RequestId}/compensation`,
      };
      const outcome = await handlers.get(context.handler).dispatch(event, handlerContext(ctx, context));
      const ok = outcome.kind === 'answer' && outcome.Status === 'SUCCESS';
      return {
        type: 'compensated',
        ok,
        ...(ok || outcome.kind !== 'answer' ? {} : { reason: outcome.Reason ?? 'delete failed' }),
      };
    },
    putResponse: async (_command, ctx) => {
      const context = contextOf(customResourceDefinition, ctx.record);
      if (context.response === undefined || context.responseUrl === undefined) {
        return {
          type: 'putResult',
          ok: false,
          retryable: false,
          error: 'nothing to deliver: no decided body or no ResponseURL',
          at: ctx.clock.now(),
        };
      }
      const outcome = await put(context.responseUrl, serializeResponseBody(context.response), {
        dialect: context.provider,
        now: ctx.clock.now(),
      });
      return { type: 'putResult', ...outcome, at: ctx.clock.now() };
    },
  });
}
