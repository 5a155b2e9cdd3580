/**
 * Asynchronous invocation with retries, an event age, destinations and a responseOnly chain, on the
 * virtual clock: six hours of service time in milliseconds. Run: `npx tsx examples/functions/resizeWithDestinations.ts`
 */
import {
  createFunctions,
  createRuntime,
  defineFunction,
  EmbeddedQueue,
  InProcessBus,
  LambdaDestination,
  MemoryEventStore,
  SqsDestination,
  VirtualClock,
  followChain,
} from '../../src/index.js';

/** Runs the example and returns what it printed. */
export async function main(print: (line: string) => void = console.log): Promise<string[]> {
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };
  const clock = new VirtualClock();
  const runtime = createRuntime({ store: new MemoryEventStore(), clock });
  clock.attach(runtime);
  const queue = new EmbeddedQueue({ clock });
  const functions = createFunctions({ runtime, bus: new InProcessBus({ clock }), queue });

  const audit = defineFunction('audit', (response: { key: string; width: number }) => {
    log(`audit received only the response: ${JSON.stringify(response)}`);
  });
  const resize = defineFunction(
    'resize',
    (payload: { key: string }, ctx) => {
      log(`resize attempt ${ctx.attempt} for ${payload.key} (request ${ctx.requestId.slice(0, 8)}…)`);
      if (payload.key.endsWith('.gif')) throw new Error(`cannot resize ${payload.key}`);
      return { key: payload.key, width: 256 };
    },
    {
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 21_600,
      onSuccess: new LambdaDestination(audit, { responseOnly: true }),
      onFailure: new SqsDestination('failed-resizes'),
    },
  );

  const ok = await functions.invokeAsync(resize, { key: 'a.jpg' });
  log(`invokeAsync → ${ok.statusCode} ${ok.requestId.slice(0, 8)}…`);
  await functions.invokeAsync(resize, { key: 'b.gif' });
  await clock.advance(6 * 60 * 60 * 1000);

  for (const message of queue.messages('failed-resizes')) {
    const record = JSON.parse(message.body) as {
      requestContext: { condition: string; approximateInvokeCount: number };
    };
    log(
      `failed-resizes got ${record.requestContext.condition} ` +
        `after ${record.requestContext.approximateInvokeCount} invocations`,
    );
  }
  const chain = await followChain(runtime.store, ok.requestId);
  log(`chain: ${chain.map((link) => `${link.functionName} (${link.condition ?? link.state})`).join(' → ')}`);
  return lines;
}

if (process.argv[1]?.endsWith('resizeWithDestinations.ts')) await main();
