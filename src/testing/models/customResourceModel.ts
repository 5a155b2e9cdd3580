import fc from 'fast-check';
import {
  customResourceDefinition,
  type CustomResourceContext,
  type CustomResourceInput,
  type HandlerOutcome,
} from '../../../machines/customResource/index.js';
import type { BaseHandler } from '../../app/customResource/baseHandler.js';
import { deleteSkipReason } from '../../app/customResource/deleteTriage.js';
import type { MachineDefinition } from '../../core/machineDefinition.js';
import type { Json, MachineEvent } from '../../core/stepRecord.js';
import { CDK_CREATE_FAILED_MARKER } from '../../protocol/customResource/physicalId.js';
import type { CustomResourceProvider, RequestType } from '../../protocol/customResource/request.js';
import type { LifecycleModel } from '../checkLifecycle.js';
import { customResourceEventually, customResourceInvariants } from '../customResourceInvariants.js';
import { customResourceWorld, type CustomResourceWorld } from '../customResourceWorld.js';
import { customResourceExecutorsUnderFaults, type CustomResourceSeams } from './customResourceExecutors.js';
import { BEHAVIOUR_KEY, behaviourOf, ScriptedResource, scriptedBehaviourArbitrary } from './scriptedResource.js';

/** One drawn request: who sends it, what kind, with which id, timeout and properties. */
export interface CustomResourceCase {
  readonly provider: CustomResourceProvider;
  readonly requestType: RequestType;
  /** The id an Update or Delete carries (the CDK failed-Create marker included). */
  readonly physicalId: string;
  readonly timeoutSeconds: number;
  readonly properties: { readonly [key: string]: Json };
}

/** Options of `customResourceModel`. */
export interface CustomResourceModelOptions<Props = unknown> {
  /**
   * The handler under test. Default: a scripted resource that draws one behaviour per run (answer, fail, throw, hang,
   * defer, poll, wrong id).
   */
  readonly handler?: BaseHandler<Props>;
  /** ResourceProperties for your handler (default `{}`); ignored for the scripted resource. */
  readonly properties?: fc.Arbitrary<{ [key: string]: Json }>;
  readonly providers?: readonly CustomResourceProvider[];
  readonly requestTypes?: readonly RequestType[];
  /** The machine to run (default: the shipped one); mutants pass a broken variant. */
  readonly definition?: MachineDefinition;
  /**
   * Send Responder answers (`respond` events) at random times; default true. Turn off for a handler that never defers.
   */
  readonly responders?: boolean;
  /** Hooks between the runtime and the outside world, for protocol-level mutants. */
  readonly seams?: CustomResourceSeams;
}

const STACKS: Record<CustomResourceProvider, string> = {
  cloudformation: 'arn:aws:cloudformation:us-east-1:123456789012:stack/kit/5b8c1e20-0d3a-11ef-9b7e-0a1b2c3d4e5f',
  ros: '8acc3dcd-cf48-4fa1-863e-7c767b61fe42',
};
const TIMEOUTS: Record<CustomResourceProvider, readonly number[]> = {
  cloudformation: [30, 300, 3600],
  ros: [10, 60, 600],
};
const RESPONSE_URL =
  'https://responses.example.invalid/kit/req-1?X-Amz-Expires=7200&X-Amz-Signature=5f1c2e9a7b3d4c6e8f0a';

const duplicates: fc.Arbitrary<MachineEvent> = fc.oneof(
  fc.constant({ type: 'duplicate' }),
  fc.constant({ type: 'duplicate' }),
  fc.constant({ type: 'cancelled', byRequestId: 'rollback-delete-1' }),
);

/** Events a provider and a Responder may send a request while it runs. */
const externalEvents: fc.Arbitrary<MachineEvent> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ type: 'duplicate' }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('respond'),
      answer: fc.oneof(
        fc.record(
          {
            Status: fc.constant('SUCCESS'),
            PhysicalResourceId: fc.constantFrom('res-1', 'res-r'),
            Data: fc.constantFrom({ Ready: 'yes' }, { Token: 'kit-secret-responder-value' }),
            NoEcho: fc.boolean(),
          },
          { requiredKeys: ['Status'] },
        ),
        fc.record(
          { Status: fc.constant('FAILED'), Reason: fc.constantFrom('deferred work failed', '') },
          { requiredKeys: ['Status'] },
        ),
      ),
    }),
  },
  fc.constant({ type: 'cancelled', byRequestId: 'rollback-delete-1' }),
);

/** Start input of the request instance, received at `now` (the deadline is fixed from here). */
function startInput(
  handlerName: string,
  handler: BaseHandler<never>,
  c: CustomResourceCase,
  now: number,
): CustomResourceInput {
  const event: { [key: string]: Json } = {
    RequestType: c.requestType,
    RequestId: 'req-1',
    StackId: STACKS[c.provider],
    LogicalResourceId: 'Resource',
    ResourceType: 'Custom::Kit',
    ResponseURL: RESPONSE_URL,
    ResourceProperties: c.properties,
    ...(c.requestType === 'Create' ? {} : { PhysicalResourceId: c.physicalId }),
    ...(c.requestType === 'Update' ? { OldResourceProperties: c.properties } : {}),
  };
  // One request in isolation: no history, so only the failed-Create marker skips the handler.
  const skip =
    c.requestType === 'Delete'
      ? deleteSkipReason(c.physicalId, { known: false, created: new Set(), failedCreates: new Set(), openCreates: [] })
      : undefined;
  return {
    provider: c.provider,
    handler: handlerName,
    event,
    ...(skip === undefined ? {} : { skipHandler: skip }),
    delivery: 'put',
    responseUrl: RESPONSE_URL,
    receivedAt: now,
    timeoutSeconds: c.timeoutSeconds,
    ...(handler.polls && handler.options.poll !== undefined ? { poll: handler.options.poll } : {}),
  };
}

/**
 * A ready-made model of one custom resource request on the shipped machine (or a variant), with
 * executors that play the fault model: the handler throws (`fail`), answers after the deadline (`slow`),
 * runs twice (`duplicate`) or never returns (the scripted `hang`); Defer is answered by `respond`
 * events; PUTs fail with a 5xx or a network error before they succeed; duplicates and rollbacks arrive
 * at any time. Checks the custom resource invariants after every step.
 * @example
 * await checkLifecycle(customResourceModel(), { runs: 100, seed: 1 });
 * await checkLifecycle(customResourceModel({ handler: new MyBucket() }), { runs: 100 });
 */
export function customResourceModel<Props = unknown>(
  options: CustomResourceModelOptions<Props> = {},
): LifecycleModel<CustomResourceCase, CustomResourceWorld> {
  const scripted = options.handler === undefined;
  const user = options.handler as BaseHandler<never> | undefined;
  const plain = new ScriptedResource(false) as unknown as BaseHandler<never>;
  const polling = new ScriptedResource(true) as unknown as BaseHandler<never>;
  const handlers = { user: user ?? plain, scripted: plain, 'scripted-poll': polling };
  const providers = options.providers ?? ['cloudformation', 'cloudformation', 'ros'];
  const properties: fc.Arbitrary<{ [key: string]: Json }> = scripted
    ? scriptedBehaviourArbitrary.map((b) => ({ [BEHAVIOUR_KEY]: JSON.stringify(b), Size: '2' }))
    : (options.properties ?? fc.constant({}));
  const input = fc
    .record({
      provider: fc.constantFrom(...providers),
      requestType: fc.constantFrom(...(options.requestTypes ?? (['Create', 'Update', 'Delete'] as const))),
      physicalId: fc.constantFrom('res-1', 'res-1', CDK_CREATE_FAILED_MARKER),
      timeoutIndex: fc.nat(2),
      properties,
    })
    .map(({ timeoutIndex, ...c }) => ({ ...c, timeoutSeconds: TIMEOUTS[c.provider][timeoutIndex] ?? 60 }));
  const nameFor = (c: CustomResourceCase) =>
    scripted ? (behaviourOf(c.properties).kind === 'poll' ? 'scripted-poll' : 'scripted') : 'user';
  return {
    definition: options.definition ?? customResourceDefinition,
    input,
    startInput: (c, now) => {
      const name = nameFor(c);
      return startInput(name, handlers[name], c, now);
    },
    events: options.responders === false ? duplicates : externalEvents,
    world: customResourceWorld,
    executors: customResourceExecutorsUnderFaults(
      (name) => handlers[name as keyof typeof handlers],
      (context: CustomResourceContext) => scripted && behaviourOf(context.event['ResourceProperties']).kind === 'hang',
      options.seams ?? {},
    ),
    invariants: customResourceInvariants,
    eventually: customResourceEventually,
    settleMs: 24 * 3600_000,
    instanceId: 'cr-under-test',
  };
}

export type { CustomResourceSeams, HandlerOutcome };
