import type { ResponseSink } from '../app/customResource/responder.js';
import { providerOfEvent } from '../app/customResource/directAnswer.js';
import { StatebridgeError } from '../core/errors.js';
import type { Bus } from '../ports/bus.js';
import { requestInstanceId } from '../protocol/customResource/request.js';
import { BUS_SOURCE, DETAIL_TYPE, type SendDetail } from './contract.js';
import { eventIds } from '../core/stepProtocol.js';

/**
 * A Responder sink for code running outside the ingress (another Lambda, a container, a script): the
 * answer is put on statebridge's bus as a `statebridge.send` of a `respond` event, and the bus rule
 * hands it to the ingress, which records it in the request's instance and PUTs it. The event id is the
 * one the runtime's own sink uses, so the same answer sent twice is applied once; the first answer
 * recorded is the one CloudFormation gets.
 * @example
 * import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
 * import { EventBridgeBus } from 'statebridge/eventbridge';
 * const sink = busResponseSink({
 *   bus: new EventBridgeBus({ client: new EventBridgeClient({}), eventBusName: process.env.STATEBRIDGE_BUS }),
 * });
 * await Responder.run(event, async (r) => r.success({ data: { Ready: 'yes' } }), { sink });
 */
export function busResponseSink(options: { readonly bus: Bus; readonly eventBusName?: string }): ResponseSink {
  return {
    async answer(event, candidate) {
      const instanceId = requestInstanceId(
        providerOfEvent(event),
        String(event['StackId']),
        String(event['RequestId']),
      );
      const detail: SendDetail = {
        instanceId,
        event: { type: 'respond', answer: candidate },
        eventId: eventIds.respond(instanceId),
      };
      const result = await options.bus.putEvents([
        {
          Source: BUS_SOURCE,
          DetailType: DETAIL_TYPE.send,
          Detail: JSON.stringify(detail),
          ...(options.eventBusName === undefined ? {} : { EventBusName: options.eventBusName }),
        },
      ]);
      const failed = result.entries.find((entry) => 'errorCode' in entry);
      if (failed !== undefined && 'errorCode' in failed) {
        throw new StatebridgeError(
          'ANSWER_NOT_DELIVERED',
          `the answer for ${instanceId} was not put on the bus: ${failed.errorCode}: ${failed.errorMessage}`,
          {
            retryable: true,
            context: { instanceId, errorCode: failed.errorCode },
          },
        );
      }
    },
  };
}
