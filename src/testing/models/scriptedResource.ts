import fc from 'fast-check';
import { z } from 'zod';
import { BaseHandler, type HandlerEvent } from '../../app/customResource/baseHandler.js';
import {
  Defer,
  Failed,
  Success,
  type HandlerReturn,
  type PollReturn,
  type ResourceData,
} from '../../app/customResource/results.js';

/** How the scripted resource answers one request; drawn per run and carried in its ResourceProperties. */
type ScriptedBehaviour =
  | {
      readonly kind: 'answer';
      readonly id?: string;
      readonly data: 'none' | 'small' | 'multibyte' | 'huge' | 'secret';
      readonly noEcho: boolean;
    }
  | { readonly kind: 'fail'; readonly id?: string; readonly reason: string }
  | { readonly kind: 'throw' }
  /** The call never returns (the runtime's deadline answers). */
  | { readonly kind: 'hang' }
  /** Returns Defer; a Responder (a `respond` event) may answer later. */
  | { readonly kind: 'defer' }
  /** Answers a different id than it was given (breaks Delete and ROS Update rules unless the runtime refuses it). */
  | { readonly kind: 'wrongId' }
  /** Starts a long operation; isComplete says pending `pending` times, then done. */
  | { readonly kind: 'poll'; readonly pending: number; readonly data: 'none' | 'secret' };

/**
 * Every behaviour, with the values that matter for the protocol rules (oversized, multi-byte and secret Data, empty
 * reasons).
 */
export const scriptedBehaviourArbitrary: fc.Arbitrary<ScriptedBehaviour> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        kind: fc.constant('answer' as const),
        id: fc.option(fc.constantFrom('res-1', 'res-2', 'x'.repeat(1100)), { nil: undefined }),
        data: fc.constantFrom(
          'none' as const,
          'small' as const,
          'multibyte' as const,
          'huge' as const,
          'secret' as const,
        ),
        noEcho: fc.boolean(),
      },
      { requiredKeys: ['kind', 'data', 'noEcho'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant('fail' as const),
        id: fc.option(fc.constant('res-f'), { nil: undefined }),
        reason: fc.constantFrom('quota exceeded', '', '  '),
      },
      { requiredKeys: ['kind', 'reason'] },
    ),
  },
  fc.constant({ kind: 'throw' as const }),
  fc.constant({ kind: 'hang' as const }),
  { weight: 2, arbitrary: fc.constant({ kind: 'defer' as const }) },
  fc.constant({ kind: 'wrongId' as const }),
  fc.record({
    kind: fc.constant('poll' as const),
    pending: fc.integer({ min: 0, max: 3 }),
    data: fc.constantFrom('none' as const, 'secret' as const),
  }),
);

/** The property key that carries the behaviour. */
export const BEHAVIOUR_KEY = 'KitBehaviour';

/** Data for a behaviour; secrets are long and distinctive so a leak is found by substring. */
function scriptedData(kind: 'none' | 'small' | 'multibyte' | 'huge' | 'secret'): ResourceData | undefined {
  switch (kind) {
    case 'none':
      return undefined;
    case 'small':
      return { Endpoint: 'db.example.internal', Port: 5432 };
    case 'multibyte':
      return { Name: '日本語✓-résumé-value' };
    case 'huge':
      return { Blob: 'z'.repeat(5000) };
    case 'secret':
      return { Password: 'kit-secret-hunter2-value', Endpoint: 'db.example.internal' };
  }
}

type Props = Record<string, unknown>;

/** The behaviour carried by a request's properties. */
export function behaviourOf(properties: unknown): ScriptedBehaviour {
  const raw = (properties as Props | undefined)?.[BEHAVIOUR_KEY];
  return typeof raw === 'string'
    ? (JSON.parse(raw) as ScriptedBehaviour)
    : { kind: 'answer', data: 'none', noEcho: false };
}

/**
 * A resource handler whose every answer is scripted by its request's properties: the stand-in for a
 * user's handler when the kit checks the runtime itself. `polling` builds the isComplete variant.
 */
export class ScriptedResource extends BaseHandler<Props> {
  constructor(polling: boolean) {
    super({
      properties: z.record(z.string(), z.unknown()),
      ...(polling ? { poll: { intervalSeconds: 30, totalTimeoutSeconds: 600 } } : {}),
    });
    if (polling)
      this.isComplete = async (event: HandlerEvent<Props>, _context, start) => this.complete(event, start.attempt);
  }

  async create(event: HandlerEvent<Props>): Promise<HandlerReturn> {
    return this.answer(event);
  }

  async update(event: HandlerEvent<Props>): Promise<HandlerReturn> {
    return this.answer(event);
  }

  async delete(event: HandlerEvent<Props>): Promise<HandlerReturn> {
    return this.answer(event);
  }

  private answer(event: HandlerEvent<Props>): HandlerReturn {
    const b = behaviourOf(event.ResourceProperties);
    const kept = event.PhysicalResourceId;
    switch (b.kind) {
      case 'answer': {
        const data = scriptedData(b.data);
        const id = b.id ?? kept;
        return new Success({
          ...(id === undefined ? {} : { physicalResourceId: id }),
          ...(data === undefined ? {} : { data }),
          noEcho: b.noEcho,
        });
      }
      case 'fail':
        return new Failed({ reason: b.reason, ...(b.id === undefined ? {} : { physicalResourceId: b.id }) });
      case 'throw':
        throw new Error('the scripted handler threw');
      case 'defer':
        return new Defer();
      case 'wrongId':
        return `${kept ?? 'new'}-other`;
      case 'poll':
      case 'hang':
        return new Success(kept === undefined ? {} : { physicalResourceId: kept });
    }
  }

  private complete(event: HandlerEvent<Props>, attempt: number): PollReturn {
    const b = behaviourOf(event.ResourceProperties);
    if (b.kind !== 'poll' || attempt > b.pending) {
      const data = scriptedData(b.kind === 'poll' ? b.data : 'none');
      return new Success({
        ...(event.PhysicalResourceId === undefined ? {} : { physicalResourceId: event.PhysicalResourceId }),
        ...(data === undefined ? {} : { data }),
        noEcho: data !== undefined,
      });
    }
    return false;
  }
}
