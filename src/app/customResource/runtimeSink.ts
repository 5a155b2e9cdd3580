import { isStatebridgeError } from '../../core/errors.js';
import { requestInstanceId } from '../../protocol/customResource/request.js';
import type { Runtime } from '../../runtime/runtime.js';
import { providerOfEvent } from './directAnswer.js';
import { directResponseSink, type ResponseSink } from './responder.js';
import { eventIds } from '../../core/stepProtocol.js';

/**
 * A Responder sink that answers through the runtime: the answer becomes a `respond` event of the
 * request's instance (applied once: its event id is fixed per instance), so the machine decides and
 * delivers it like any other answer. Requests this runtime never saw are answered directly.
 */
export function runtimeResponseSink(runtime: Runtime): ResponseSink {
  return {
    async answer(event, candidate) {
      const stackId = String(event['StackId']);
      const requestId = String(event['RequestId']);
      const guess = providerOfEvent(event);
      for (const provider of [guess, guess === 'ros' ? 'cloudformation' : 'ros'] as const) {
        const instanceId = requestInstanceId(provider, stackId, requestId);
        try {
          // The step itself finds the instance (from this process's own writes when it has them): no extra read.
          await runtime.send(
            instanceId,
            { type: 'respond', answer: candidate },
            { eventId: eventIds.respond(instanceId) },
          );
          return;
        } catch (error) {
          if (!isStatebridgeError(error, 'INSTANCE_NOT_FOUND')) throw error;
        }
      }
      await directResponseSink.answer(event, candidate);
    },
  };
}
