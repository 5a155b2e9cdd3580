import type { Runtime } from '../runtime/runtime.js';

/** The part of the Lambda context the entry points use. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?(): number;
  /** Names the alias invoked (a responseOnly rule's), and the account and region records carry. */
  readonly invokedFunctionArn?: string;
  /** The same for Lambda's retries of one asynchronous invocation. */
  readonly awsRequestId?: string;
}

/**
 * Let the runtime relay the commands of this invocation's steps (and the steps they cause) while the
 * Lambda has time left, keeping `marginMs` back to return cleanly. Resolves true when everything was
 * relayed, false when time ran out: what is left stays pending in the table for the sweeper.
 */
export async function relayWhileTimeLeft(
  runtime: Runtime,
  context: LambdaContextLike | undefined,
  marginMs: number,
): Promise<boolean> {
  const remaining = context?.getRemainingTimeInMillis?.();
  if (remaining === undefined) {
    await runtime.idle();
    return true;
  }
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, remaining - marginMs));
  });
  try {
    return await Promise.race([runtime.idle().then(() => true as const), outOfTime]);
  } finally {
    clearTimeout(timer);
  }
}
