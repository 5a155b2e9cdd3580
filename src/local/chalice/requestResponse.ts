import type { Registration } from '../../app/chalice/app.js';
import type { FunctionsApp } from '../../app/functions/functionsApp.js';
import type { AttemptOutcome, InvocationTrigger } from '../../protocol/invocation/invocationInput.js';
import type { Runtime } from '../../runtime/runtime.js';
import { invoke } from './invoke.js';

const OUTCOMES = new Set(['attempt.succeeded', 'attempt.failed', 'attempt.throttled', 'attempt.expired']);

/**
 * Synchronous (RequestResponse) invocations that are still recorded: each is an invocation instance of
 * the function (so it has a timeline naming its trigger) whose caller waits for the attempt's outcome.
 * Route and authorizer functions are registered with no retries, as API Gateway never retries; a
 * throttled attempt answers the caller at once (the instance itself retries it as the async path does).
 */
export class RequestResponseInvoker {
  private readonly waiting = new Map<string, (outcome: AttemptOutcome) => void>();

  constructor(
    runtime: Runtime,
    private readonly functions: FunctionsApp,
  ) {
    runtime.onStep((record) => {
      const resolve = this.waiting.get(record.streamId);
      const event = record.event as AttemptOutcome;
      if (resolve === undefined || !OUTCOMES.has(event.type)) return;
      this.waiting.delete(record.streamId);
      resolve(event);
    });
  }

  /** Invoke and wait for the first attempt's outcome. */
  async invoke(
    registration: Registration,
    event: unknown,
    options: { requestId: string; trigger: InvocationTrigger },
  ): Promise<AttemptOutcome> {
    const outcome = new Promise<AttemptOutcome>((resolve) => this.waiting.set(options.requestId, resolve));
    try {
      await invoke(this.functions, registration, event, options);
    } catch (error) {
      this.waiting.delete(options.requestId);
      throw error;
    }
    return outcome;
  }
}
