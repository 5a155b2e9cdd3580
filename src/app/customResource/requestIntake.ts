import type { z } from 'zod';
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

type IntakeDeps = { readonly runtime: Runtime; readonly handlers: HandlerRegistry };
type RequestEnvelope = z.output<typeof requestEnvelopeSchema>;
type HandlerOptions = ReturnType<HandlerRegistry['get']>['options'];

/**
 * Accept one custom resource request: validate what is needed to answer (else throw a ValidationError:
 * nobody could be told), start its instance keyed by provider + StackId + RequestId with the deadline
 * fixed now, or — when it was seen before — record a duplicate, which never calls the handler again.
 * A malformed but answerable request still starts an instance, which answers FAILED naming the problem.
 */
export async function receiveCustomResourceRequest(
  deps: IntakeDeps,
  raw: unknown,
  options: IntakeOptions,
): Promise<IntakeResult> {
  const { envelope, delivery, responseUrl } = validateEnvelope(raw, options);
  const instanceId = requestInstanceId(options.provider, envelope.StackId, envelope.RequestId);
  const { runtime } = deps;
  // A Create or Update needs no read: the start below is the existence check (a conditional first write,
  // a repeat is not applied). A Delete looks first, as deciding to skip its handler may cancel others.
  if (envelope['RequestType'] === 'Delete' && (await runtime.store.readHead(instanceId)) !== undefined)
    return recordDuplicate(runtime, instanceId, responseUrl);
  const shape = checkRequestShape(options.provider, envelope);
  const handlerOptions = deps.handlers.has(options.handler) ? deps.handlers.get(options.handler).options : undefined;
  const skipHandler =
    shape.ok && shape.event.RequestType === 'Delete' && handlerOptions?.deleteUncreated !== true
      ? await triageDelete(runtime, options.provider, envelope, shape.event.PhysicalResourceId, instanceId)
      : undefined;
  const problems = [
    ...(shape.ok ? [] : shape.problems),
    ...(deps.handlers.has(options.handler) ? [] : [`no handler is registered as "${options.handler}"`]),
  ];
  const input = buildInput(envelope, options, {
    event: (shape.ok ? shape.event : envelope) as unknown as { [key: string]: Json },
    problems,
    skipHandler,
    delivery,
    responseUrl,
    handlerOptions,
    receivedAt: runtime.clock.now(),
  });
  const result = await runtime.start(CUSTOM_RESOURCE_MACHINE_ID, instanceId, input, {
    correlationId: resourceCorrelationId(options.provider, envelope.StackId, envelope.LogicalResourceId),
  });
  // Another delivery of the same request won the race to start it.
  if (!result.applied) return recordDuplicate(runtime, instanceId, responseUrl);
  return { instanceId, duplicate: false };
}

/** Parse the fields every answer needs; an asynchronous request without a ResponseURL cannot be answered. */
function validateEnvelope(raw: unknown, options: IntakeOptions) {
  const envelope = parseInput(requestEnvelopeSchema, raw, `${options.provider} custom resource request`);
  const delivery = options.delivery ?? 'put';
  const responseUrl = pickResponseUrl(envelope, options);
  if (delivery === 'put' && responseUrl === undefined) {
    throw new ValidationError(`${options.provider} custom resource request`, [
      { path: 'ResponseURL', rule: 'required to answer an asynchronous request' },
    ]);
  }
  return { envelope, delivery, responseUrl };
}

async function recordDuplicate(runtime: Runtime, instanceId: string, responseUrl: string | undefined) {
  await runtime.send(instanceId, { type: 'duplicate', ...(responseUrl === undefined ? {} : { responseUrl }) });
  return { instanceId, duplicate: true };
}

/**
 * Whether a Delete can be answered without the handler (the reason, or undefined to run it). A Delete of a
 * provider-generated id while a Create still runs means the stack rolled that Create back: it is cancelled.
 */
async function triageDelete(
  runtime: Runtime,
  provider: CustomResourceProvider,
  envelope: RequestEnvelope,
  physicalResourceId: string,
  instanceId: string,
): Promise<string | undefined> {
  const history = await resourceHistory(
    runtime.store,
    provider,
    envelope.StackId,
    envelope.LogicalResourceId,
    instanceId,
  );
  const skipHandler = deleteSkipReason(physicalResourceId, history);
  if (skipHandler !== undefined && !history.failedCreates.has(physicalResourceId)) {
    for (const open of history.openCreates)
      await runtime.send(open, { type: 'cancelled', byRequestId: envelope.RequestId });
  }
  return skipHandler;
}

/** The instance's input: the request as checked, what is wrong with it, and the deadlines' inputs. */
function buildInput(
  envelope: RequestEnvelope,
  options: IntakeOptions,
  found: {
    readonly event: { [key: string]: Json };
    readonly problems: readonly string[];
    readonly skipHandler: string | undefined;
    readonly delivery: Delivery;
    readonly responseUrl: string | undefined;
    readonly handlerOptions: HandlerOptions | undefined;
    readonly receivedAt: number;
  },
): CustomResourceInput {
  const { problems, skipHandler, delivery, responseUrl, handlerOptions } = found;
  const props = (envelope['ResourceProperties'] ?? {}) as Record<string, unknown>;
  return {
    provider: options.provider,
    handler: options.handler,
    event: found.event,
    ...(problems.length === 0 ? {} : { invalid: problems.join('; ') }),
    ...(skipHandler === undefined ? {} : { skipHandler }),
    delivery,
    ...(responseUrl === undefined ? {} : { responseUrl }),
    receivedAt: found.receivedAt,
    timeoutSeconds: effectiveTimeoutSeconds(options.provider, {
      serviceTimeout: props['ServiceTimeout'] ?? envelope['ServiceTimeout'],
      rosTimeout: options.timeoutSeconds ?? handlerOptions?.timeoutSeconds ?? envelope['Timeout'],
      rosSync: delivery === 'sync',
    }),
    ...(handlerOptions?.poll === undefined ? {} : { poll: handlerOptions.poll }),
  };
}

function pickResponseUrl(envelope: Record<string, unknown>, options: IntakeOptions): string | undefined {
  const intranet = envelope['IntranetResponseURL'] ?? envelope['InnerResponseURL'];
  if (options.provider === 'ros' && options.useIntranetUrl === true && typeof intranet === 'string') return intranet;
  return typeof envelope['ResponseURL'] === 'string' ? envelope['ResponseURL'] : undefined;
}
