import type { Demo } from '../../app/environment.js';
import { followChain } from '../../app/functions/chain.js';
import { defineFunction } from '../../app/functions/defineFunction.js';
import { LambdaDestination, SqsDestination } from '../../app/functions/destinations.js';
import { functionsFor } from '../../app/functions/functionsModule.js';
import { VirtualClock } from '../../runtime/virtualClock.js';

/** On the wall clock, retry waits are multiplied by this: 1 minute becomes 60 ms. */
const DEMO_RETRY_DELAY_SCALE = 0.001;

const seenAttempts = new Map<string, number>();

/** C: records what reached the end of the chain (it receives B's whole invocation record). */
const auditLog = defineFunction(
  'demo-audit-log',
  (record: { requestContext: { requestId: string; approximateInvokeCount: number } }) => ({
    audited: record.requestContext.requestId,
    resizeAttempts: record.requestContext.approximateInvokeCount,
  }),
);

/** B: fails its first attempt (a transient error), succeeds on the retry 1 minute later. */
const resize = defineFunction(
  'demo-resize',
  (image: { key: string; width: number }, ctx) => {
    seenAttempts.set(ctx.requestId, ctx.attempt);
    if (ctx.attempt === 1) throw new Error('image store busy (transient)');
    return { key: image.key, thumbnail: `thumbs/${image.key}`, width: Math.min(image.width, 256) };
  },
  {
    maximumRetryAttempts: 2,
    onSuccess: new LambdaDestination(auditLog),
    onFailure: new SqsDestination('demo-failed-resizes'),
  },
);

/** A: accepts an upload and hands its response (only) to B, through a CDK-style responseOnly rule. */
const upload = defineFunction('demo-upload', (upload: { key: string }) => ({ key: upload.key, width: 1024 }), {
  onSuccess: new LambdaDestination(resize, { responseOnly: true }),
});

/** The chain's three functions, for deployments of the demo (infra/). */
export const invocationChainFunctions = [upload, resize, auditLog] as const;

/**
 * `npm start` demo: A → B (responseOnly) → C, where B fails once and succeeds on its retry. On the
 * virtual clock the service's real waits are skipped; on the wall clock they are shortened with
 * `retryDelayScale` so the demo finishes in well under a second.
 */
export const invocationChainDemo: Demo = {
  name: 'async invocation chain',
  description:
    'demo-upload → (onSuccess, responseOnly) demo-resize → (onSuccess) ' +
    'demo-audit-log; demo-resize fails once, then succeeds on retry',
  async run(env) {
    const functions = functionsFor(env);
    const virtual = env.clock instanceof VirtualClock ? env.clock : undefined;
    env.log(
      virtual !== undefined
        ? 'clock: virtual — retry waits are the service’s real 1 min / 2 min, skipped by advancing the clock'
        : `clock: wall — retry waits shortened with retryDelayScale=${DEMO_RETRY_DELAY_SCALE} ` +
            `(1 min → ${60_000 * DEMO_RETRY_DELAY_SCALE} ms)`,
    );
    const started = Date.now();
    const { requestId } = await functions.invokeAsync(
      upload,
      { key: 'cat.jpg' },
      virtual === undefined ? { retryDelayScale: DEMO_RETRY_DELAY_SCALE } : {},
    );
    env.log(`invokeAsync(demo-upload) → 202, request id ${requestId}`);
    for (let waited = 0; waited < 15_000; waited += 20) {
      const chain = await followChain(env.store, requestId);
      if (chain.length === 3 && chain.every((link) => link.state === 'done')) break;
      if (virtual !== undefined) await virtual.advance(30_000);
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await env.runtime.idle();
    const chain = await followChain(env.store, requestId);
    env.log('chain (instance id = request id):');
    for (const link of chain) {
      const how = link.causedBy === undefined ? 'invokeAsync' : `${link.via ?? 'link'} of ${link.causedBy}`;
      env.log(
        `  ${link.requestId}  ${link.functionName.padEnd(16)} ${link.state.padEnd(18)} ` +
          `${String(link.condition ?? '-').padEnd(17)} invocations=${link.approximateInvokeCount ?? '-'}  ← ${how}`,
      );
    }
    env.log(`finished in ${Date.now() - started} ms of wall time`);
    env.log(`see it whole: statebridge timeline ${requestId} --follow-chain`);
  },
};
