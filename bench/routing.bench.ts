import { InProcessBus } from '../src/adapters/bus/inProcessBus.js';
import type { Json } from '../src/core/stepRecord.js';
import type { EventBridgeEnvelope } from '../src/protocol/eventBridgeEnvelope.js';
import { EventPatternIndex, type EventPattern } from '../src/protocol/eventPattern.js';
import { plainRoute } from '../test/support/plainEventPatternMatcher.js';
import { compareRates, opsPerSecond, type BenchRow } from './measure.js';

const RULE_COUNTS = [1, 100, 1000] as const;
const EVENTS = 256;
const BATCH = 16;

/**
 * A rule set shaped like a real one: every rule listens to the same source, most to one customer,
 * with numeric, prefix, anything-but and `$or` filters mixed in, so no single field separates them.
 */
export function benchRules(count: number): { name: string; eventPattern: EventPattern }[] {
  return Array.from({ length: count }, (_, i) => {
    const detail: Record<string, unknown> = { customer: [`c-${i}`], total: [{ numeric: ['>', i % 50] }] };
    if (i % 10 === 3) detail['sku'] = [{ prefix: `sku-${i % 7}` }];
    if (i % 10 === 5) detail['channel'] = [{ 'anything-but': ['test', 'staging'] }];
    const pattern: Record<string, unknown> = {
      source: ['shop.orders'],
      'detail-type': [i % 3 === 0 ? 'OrderShipped' : 'OrderPlaced'],
      detail,
    };
    if (i % 10 === 7) pattern['$or'] = [{ region: ['eu-west-1'] }, { detail: { priority: [true] } }];
    return { name: `rule-${i}`, eventPattern: pattern };
  });
}

/** Events spread over 1,000 customers, so against 1,000 rules a typical event matches about one. */
export function benchEvents(): EventBridgeEnvelope[] {
  return Array.from({ length: EVENTS }, (_, i) => {
    const customer = (i * 7919) % 1000;
    const detail: Json = {
      customer: `c-${customer}`,
      total: (i * 37) % 120,
      sku: `sku-${i % 7}-x`,
      channel: i % 4 === 0 ? 'test' : 'web',
      priority: i % 2 === 0,
      lines: [
        { item: 'a', qty: 1 },
        { item: 'b', qty: 2 },
      ],
    };
    return {
      version: '0',
      id: `e-${i}`,
      'detail-type': customer % 3 === 0 ? 'OrderShipped' : 'OrderPlaced',
      source: 'shop.orders',
      account: '000000000000',
      time: '2026-01-01T00:00:00Z',
      region: i % 2 === 0 ? 'eu-west-1' : 'us-east-1',
      resources: [],
      detail,
    };
  });
}

/**
 * Routing events/s against 1, 100 and 1,000 rules: the plain per-rule matcher (the bus before rules
 * were indexed) against the compiled index, alternating sides in rounds; then the whole in-process
 * bus `publish` against 1,000 rules with targets that do nothing.
 */
export async function benchRouting(): Promise<BenchRow[]> {
  const events = benchEvents();
  const rows: BenchRow[] = [];
  let matches = 0;
  for (const count of RULE_COUNTS) {
    const rules = benchRules(count);
    const index = new EventPatternIndex<string>();
    for (const rule of rules) index.set(rule.name, rule.eventPattern, rule.name);
    let next = 0;
    const batch = (route: (event: EventBridgeEnvelope) => string[]) => () => {
      for (let i = 0; i < BATCH; i += 1) matches += route(events[next++ % EVENTS]!).length;
      return BATCH;
    };
    const [plain, indexed] = await compareRates(
      batch((e) => plainRoute(rules, e)),
      batch((e) => index.match(e)),
      { rounds: 5, ms: 500 },
    );
    rows.push(
      { name: `plain matcher, ${count} rules`, value: plain, unit: 'events/s' },
      {
        name: `indexed, ${count} rules`,
        value: indexed,
        unit: count === 1000 ? 'events/s (target ≥ 100,000)' : 'events/s',
      },
      { name: `indexed / plain, ${count} rules`, value: indexed / plain, unit: 'ratio' },
    );
  }
  rows.push({ name: 'in-process bus publish, 1000 rules', value: await busPublishRate(events), unit: 'events/s' });
  // Printed so that the work above cannot be optimised away.
  rows.push({ name: 'rule matches seen (all runs)', value: matches, unit: 'matches' });
  return rows;
}

async function busPublishRate(events: readonly EventBridgeEnvelope[]): Promise<number> {
  const bus = new InProcessBus({ clock: { now: () => 0 } });
  for (const rule of benchRules(1000))
    bus.putRule({ ...rule, targets: [{ id: 'sink', deliver: () => Promise.resolve() }] });
  let next = 0;
  return opsPerSecond(async () => {
    for (let i = 0; i < BATCH; i += 1) await bus.publish(events[next++ % EVENTS]!);
    return BATCH;
  }, 1500);
}
