import type { ResponseCandidate } from '../../protocol/customResource/responseBody.js';
import { errorMessage, StatebridgeError } from '../../core/errors.js';
import { answerDirectly } from './directAnswer.js';
import type { ResourceData } from './results.js';

/** Where a Responder's answer goes: into the request's instance (runtime), or straight to ResponseURL (Lambda). */
export interface ResponseSink {
  answer(event: Readonly<Record<string, unknown>>, candidate: ResponseCandidate): Promise<void>;
}

let boundSink: ResponseSink | undefined;

/**
 * Make every Responder in this process answer through `sink` (the custom resource module binds the
 * runtime's sink on install). Returns a function restoring the previous binding.
 */
export function bindResponderSink(sink: ResponseSink | undefined): () => void {
  const previous = boundSink;
  boundSink = sink;
  return () => {
    boundSink = previous;
  };
}

/** Without a runtime, a Responder PUTs the answer itself (the Lambda deployment). */
export const directResponseSink: ResponseSink = {
  async answer(event, candidate) {
    const outcome = await answerDirectly(event, candidate);
    if (!outcome.ok) {
      throw new StatebridgeError(
        'ANSWER_NOT_DELIVERED',
        `could not deliver the deferred answer: ${outcome.error ?? 'unknown error'}`,
        { retryable: outcome.retryable },
      );
    }
  },
};

/**
 * Answers a deferred request later, from a copy of its event. Use `await using` (or `Responder.run`) so
 * the request is answered FAILED if the block ends without an answer. Only the first answer counts.
 * @example
 * await using r = new Responder(event);
 * await r.success({ physicalResourceId: 'job-1', data: { Status: 'done' } });
 */
export class Responder {
  private answeredWith: ResponseCandidate | undefined;
  private readonly sink: ResponseSink;

  constructor(
    private readonly event: Readonly<Record<string, unknown>>,
    options: { sink?: ResponseSink } = {},
  ) {
    this.sink = options.sink ?? boundSink ?? directResponseSink;
  }

  /** True once success or failure was called. */
  get answered(): boolean {
    return this.answeredWith !== undefined;
  }

  /** Answer SUCCESS (Data for Fn::GetAtt; `noEcho` masks it). Later calls are ignored. */
  async success(options: { physicalResourceId?: string; data?: ResourceData; noEcho?: boolean } = {}): Promise<void> {
    await this.send({
      Status: 'SUCCESS',
      ...(options.physicalResourceId === undefined ? {} : { PhysicalResourceId: options.physicalResourceId }),
      ...(options.data === undefined ? {} : { Data: options.data }),
      ...(options.noEcho === true ? { NoEcho: true } : {}),
    });
  }

  /** Answer FAILED with `reason` (keep `physicalResourceId` if something was made). Later calls are ignored. */
  async failure(options: { reason: string; physicalResourceId?: string }): Promise<void> {
    await this.send({
      Status: 'FAILED',
      Reason: options.reason,
      ...(options.physicalResourceId === undefined ? {} : { PhysicalResourceId: options.physicalResourceId }),
    });
  }

  /** Ends an `await using` block: a request left unanswered is answered FAILED. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.answered) await this.failure({ reason: 'the deferred work ended without answering' });
  }

  /**
   * Run deferred work that must answer: a throw answers FAILED with its message, a return without
   * an answer answers FAILED too.
   * @example
   * await Responder.run(event, async (r) => r.success({ data: { Ready: 'yes' } }));
   */
  static async run(
    event: Readonly<Record<string, unknown>>,
    work: (responder: Responder) => Promise<void>,
    options: { sink?: ResponseSink } = {},
  ): Promise<void> {
    const responder = new Responder(event, options);
    try {
      await work(responder);
    } catch (error) {
      if (!responder.answered) await responder.failure({ reason: errorMessage(error) });
      return;
    }
    if (!responder.answered) await responder.failure({ reason: 'the deferred work ended without answering' });
  }

  private async send(candidate: ResponseCandidate): Promise<void> {
    if (this.answeredWith !== undefined) return;
    this.answeredWith = candidate;
    await this.sink.answer(this.event, candidate);
  }
}
