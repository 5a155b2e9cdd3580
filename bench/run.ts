import { benchAppHttp } from './appHttp.bench.js';
import { benchAppSqs } from './appSqs.bench.js';
import { benchAws } from './aws.bench.js';
import { benchDueTimers } from './dueTimers.bench.js';
import { benchDynamodb } from './dynamodb.bench.js';
import { benchEncoding } from './leanRecord.bench.js';
import { benchListing } from './listing.bench.js';
import { benchMemory } from './memory.bench.js';
import { benchRouting } from './routing.bench.js';
import { printTable, type BenchRow } from './measure.js';
import { benchPeers } from './peers.bench.js';
import { benchRecovery } from './recovery.bench.js';
import { benchSqlite } from './sqlite.bench.js';

const only = process.argv[2];
const suites: [string, () => Promise<BenchRow[]>][] = [
  ['memory', benchMemory],
  ['sqlite', benchSqlite],
  ['encoding', benchEncoding],
  ['dynamodb', async () => (await benchDynamodb()).rows],
  ['aws', benchAws],
  ['timers', () => benchDueTimers()],
  ['peers', benchPeers],
  ['recovery', benchRecovery],
  ['routing', benchRouting],
  ['listing', benchListing],
  ['app-http', benchAppHttp],
  ['app-sqs', benchAppSqs],
];
console.log(`statebridge benchmarks — node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
// `npm run bench` exposes the collector: each suite then starts on a collected heap, not beside the garbage the
// one before it left (the memory suite leaves about a gigabyte, whose collection otherwise lands in the next
// suite's timed rounds and falls on one side of its comparison more than the other).
const collect = (globalThis as { gc?: () => void }).gc;
for (const [name, run] of suites) {
  if (only !== undefined && only !== name) continue;
  collect?.();
  printTable(name, await run());
}
