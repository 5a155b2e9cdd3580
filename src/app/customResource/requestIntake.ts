import type { CustomResourceInput, Delivery } from '../../../machines/customResource/index.js';
import { CUSTOM_RESOURCE_MACHINE_ID } from '../../../machines/customResource/index.js';
import { ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import {
  checkRequestShape,
  requestEnvelopeSchema,
  requestInstanceId,
  resourceCorrelationId,
  type CustomResourceProvider,
} from '../../protocol/customResource/request.js';
import { effectiveTimeoutSeconds } from '../../protocol/customResource/timeouts.js';
import { parseInput } from '../../protocol/validate.js';
import type { Runtime } from '../../runtime/runtime.js';
import { deleteSkipReason, resourceHistory } from './deleteTriage.js';
import type { HandlerRegistry } from './handlerRegistry.js';

/** How a request arrived and who serves it. */
export interface IntakeOptions {
  readonly provider: CustomResourceProvider;
  /** Registered handler name. */
  readonly handler: string;
  /** `sync` for ROS `web[sync]` calls, answered in the HTTP reply; default `put`. */
  readonly delivery?: Delivery;
  /** ROS Timeout in seconds (the template property; it is not part of the request). */
  readonly timeoutSeconds?: number;
  /** ROS only: PUT to IntranetResponseURL instead of ResponseURL. */
  readonly useIntranetUrl?: boolean;
}

/** What intake did: started a new instance, or told an existing one it was delivered again. */
export interface IntakeResult {
  readonly instanceId: string;
  readonly duplicate: boolean;
}

/**
 * Accept one custom resource request: validate what is needed to answer (else throw a ValidationError:
 * nobody could be told), start its instance keyed by provider + StackId + RequestId with the deadline
 * fixed now, or — when it was seen before — record a duplicate, which never calls the handler again.
 * A malformed but answerable request still starts an instance, which answers FAILED naming the problem.
 */
export async function receiveCustomResourceRequest(
  deps: { readonly runtime: Runtime; readonly handlers: HandlerRegistry },
  raw: unknown,
  options: IntakeOptions,
): Promise<IntakeResult> {
  const envelope = parseInput(requestEnvelopeSchema, raw, `${options.provider} custom resource request`);
  const delivery = options.delivery ?? 'put';
  const responseUrl = pickResponseUrl(envelope, options);
  if (delivery === 'put' && responseUrl === undefined) {
    throw new ValidationError(`${options.provider} custom resource request`, [
      { path: 'ResponseURL', rule: 'required to answer an asynchronous request' },
    ]);
  }
  const instanceId = requestInstanceId(options.provider, envelope.StackId, envelope.RequestId);
  const { runtime } = deps;
  // A Create or Update needs no read: the start below is the existence check (a conditional first write,
  // a repeat is not applied). A Delete looks first, as deciding to skip its handler may cancel others.
  const existing = envelope['RequestType'] === 'Delete' ? await runtime.store.readHead(instanceId) : undefined;
  if (existing !== undefined) {
    await runtime.send(instanceId, { type: 'duplicate', ...(responseUrl === undefined ? {} : { responseUrl }) });
    return { instanceId, duplicate: true };
  }
  const shape = checkRequestShape(options.provider, envelope);
  const problems = shape.ok ? [] : shape.problems;
  if (!deps.handlers.has(options.handler)) problems.push(`no handler is registered as "${options.handler}"`);
  const event = (shape.ok ? shape.event : envelope) as unknown as { [key: string]: Json };
  let skipHandler: string | undefined;
  const handlerOptions = deps.handlers.has(options.handler) ? deps.handlers.get(options.handler).options : undefined;
  if (shape.ok && shape.event.RequestType === 'Delete' && handlerOptions?.deleteUncreated !== true) {
    const history = await resourceHistory(
      runtime.store,
      options.provider,
      envelope.StackId,
      envelope.LogicalResourceId,
      instanceId,
    );
    skipHandler = deleteSkipReason(shape.event.PhysicalResourceId, history);
    // A provider-generated id while a Create still runs means the stack rolled that Create back.
    if (skipHandler !== undefined && !history.failedCreates.has(shape.event.PhysicalResourceId)) {
      for (const open of history.openCreates)
        await runtime.send(open, { type: 'cancelled', byRequestId: envelope.RequestId });
    }
  }
  const props = (envelope['ResourceProperties'] ?? {}) as Record<string, unknown>;
  const input: CustomResourceInput = {
    provider: options.provider,
    handler: options.handler,
    event,
    ...(problems.length === 0 ? {} : { invalid: problems.join('; ') }),
    ...(skipHandler === undefined ? {} : { skipHandler }),
    delivery,
    ...(responseUrl === undefined ? {} : { responseUrl }),
    receivedAt: runtime.clock.now(),
    timeoutSeconds: effectiveTimeoutSeconds(options.provider, {
      serviceTimeout: props['ServiceTimeout'] ?? envelope['ServiceTimeout'],
      rosTimeout: options.timeoutSeconds ?? handlerOptions?.timeoutSeconds ?? envelope['Timeout'],
      rosSync: delivery === 'sync',
    }),
    ...(handlerOptions?.poll === undefined ? {} : { poll: handlerOptions.poll }),
  };
  const result = await runtime.start(CUSTOM_RESOURCE_MACHINE_ID, instanceId, input, {
    correlationId: resourceCorrelationId(options.provider, envelope.StackId, envelope.LogicalResourceId),
  });
  if (!result.applied) {
    // Another delivery of the same request won the race to start it.
    await runtime.send(instanceId, { type: 'duplicate', ...(responseUrl === undefined ? {} : { responseUrl }) });
    return { instanceId, duplicate: true };
  }
  return { instanceId, duplicate: false };
}

function pickResponseUrl(envelope: Record<string, unknown>, options: IntakeOptions): string | undefined {
  const intranet = envelope['IntranetResponseURL'] ?? envelope['InnerResponseURL'];
  if (options.provider === 'ros' && options.useIntranetUrl === true && typeof intranet === 'string') return intranet;
  return typeof envelope['ResponseURL'] === 'string' ? envelope['ResponseURL'] : undefined;
}
