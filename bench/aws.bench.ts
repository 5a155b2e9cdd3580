import type { AppModule } from '../src/app/environment.js';
import { defineFunction } from '../src/app/functions/defineFunction.js';
import { functionsFor } from '../src/app/functions/functionsModule.js';
import { AWS_ENV, INVOKE_REQUEST_KIND } from '../src/aws/contract.js';
import { startAwsWorld, type AwsWorld } from '../test/aws/awsWorld.js';
import { countAwsRequests } from '../test/support/awsProtocol/requestCounter.js';
import { lifecycleRequests } from './awsRequests.js';
import { compareRates, type BenchRow } from './measure.js';

const resize = defineFunction('resize', (payload: { key: string }) => ({ resized: payload.key }));
const app = (): AppModule => ({
  name: 'bench-app',
  install(env) {
    functionsFor(env).register(resize);
  },
});

let sequence = 0;
async function invocationLifecycle(world: AwsWorld): Promise<void> {
  sequence += 1;
  await world.ingress({
    kind: INVOKE_REQUEST_KIND,
    functionName: 'resize',
    payload: { key: `k-${sequence}` },
    requestId: `inv-${sequence}`,
  });
}

/**
 * AWS requests per lifecycle, counted through SDK middleware (bench/awsRequests.ts; goal: one PutItem per
 * step and no read on the hot path), then ingress steps/s against dynalite with the work indexes on 16
 * shards vs 1 (alternating rounds, medians).
 */
export async function benchAws(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const { lifecycle, requests } of await lifecycleRequests())
    for (const [name, value] of Object.entries(requests))
      rows.push({ name: `${lifecycle}: ${name}`, value, unit: 'requests' });
  return [...rows, ...(await shardRates())];
}

async function shardRates(): Promise<BenchRow[]> {
  const sixteen = await startAwsWorld(app, ['resize'], { [AWS_ENV.indexShards]: '16' });
  const one = await startAwsWorld(app, ['resize'], { [AWS_ENV.indexShards]: '1' });
  try {
    const counted = [countAwsRequests(sixteen.clients), countAwsRequests(one.clients)];
    const stepsOf = (world: AwsWorld, counts: Map<string, number>) => async () => {
      const before = counts.get('dynamodb.PutItem') ?? 0;
      await invocationLifecycle(world);
      return (counts.get('dynamodb.PutItem') ?? 0) - before;
    };
    const [rate16, rate1] = await compareRates(stepsOf(sixteen, counted[0]!), stepsOf(one, counted[1]!), {
      rounds: 5,
      ms: 800,
    });
    const sweep = async (world: AwsWorld) => {
      await world.sweep();
      return 1;
    };
    const [sweep16, sweep1] = await compareRates(
      () => sweep(sixteen),
      () => sweep(one),
      { rounds: 5, ms: 400 },
    );
    return [
      { name: 'ingress steps/s, indexes on 16 shards', value: rate16, unit: 'steps/s' },
      { name: 'ingress steps/s, indexes on 1 shard', value: rate1, unit: 'steps/s' },
      {
        name: 'ratio 16 shards / 1 (dynalite has no partitions: this is the cost side)',
        value: rate16 / rate1,
        unit: '×',
      },
      { name: 'sweeps/s of an idle table, 16 shards / 1', value: sweep16 / sweep1, unit: '×' },
    ];
  } finally {
    await Promise.all([sixteen.close(), one.close()]);
  }
}
