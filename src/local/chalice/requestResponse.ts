import type { Registration } from '../../app/chalice/app.js';
import type { FunctionsApp } from '../../app/functions/functionsApp.js';
import type { AttemptOutcome, InvocationTrigger } from '../../protocol/invocation/invocationInput.js';
import type { Runtime } from '../../runtime/runtime.js';
import { invoke } from './invoke.js';

const OUTCOMES = new Set(['attempt.succeeded', 'attempt.failed', 'attempt.throttled', 'attempt.expired']);

/**
 * Synchronous (RequestResponse) invocations that are still recorded: each is an invocation instance of
 * the function (so it has a timeline naming its trigger) whose caller waits for the attempt's outcome.
 * The instance is started as a RequestResponse invocation, so, as in Lambda, it ends with that attempt:
 * a throttle or an error goes back to the caller and nothing is retried or delivered later.
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
      await invoke(this.functions, registration, event, { ...options, invocationType: 'RequestResponse' });
    } catch (error) {
      this.waiting.delete(options.requestId);
      throw error;
    }
    return outcome;
  }
}
