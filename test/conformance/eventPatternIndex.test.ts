import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventPatternIndex, eventPatternIssues, type EventPattern } from '../../src/protocol/eventPattern.js';
import { plainRoute } from '../support/plainEventPatternMatcher.js';
import { parseJson5Subset } from './json5Subset.js';

/** The corpus folder, looked for beside the checkout and beside each folder above it. */
function findCorpus(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'shared/conformance/eventbridge-patterns');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('conformance corpus shared/conformance/eventbridge-patterns not found above the test folder');
}

const corpus = findCorpus();
const cases = readdirSync(corpus)
  .filter((f) => f.endsWith('.json5') && !f.endsWith('_EXC.json5'))
  .sort()
  .map((file) => ({
    file,
    ...(parseJson5Subset(readFileSync(join(corpus, file), 'utf8')) as { Event: unknown; EventPattern: EventPattern }),
  }));
const rules = cases.map(({ file, EventPattern }) => ({ name: file, eventPattern: EventPattern }));

describe('the rule index over the whole conformance corpus', () => {
  it('holds every valid corpus pattern', () => {
    expect(cases).toHaveLength(117);
    for (const rule of rules) expect(eventPatternIssues(rule.eventPattern)).toEqual([]);
  });

  it('routes every corpus event to exactly the patterns the plain matcher picks', () => {
    const index = new EventPatternIndex<string>();
    for (const rule of rules) index.set(rule.name, rule.eventPattern, rule.name);
    let matched = 0;
    for (const { file, Event } of cases) {
      const expected = plainRoute(rules, Event);
      expect(index.match(Event), file).toEqual(expected);
      // Each positive case matches at least its own pattern; each negative case never does.
      expect(expected.includes(file), file).toBe(!file.endsWith('_NEG.json5'));
      matched += expected.length;
    }
    expect(matched).toBeGreaterThan(cases.length / 2);
  });

  it('gives the same answers after half the rules are removed and put back in another order', () => {
    const index = new EventPatternIndex<string>();
    for (const rule of rules) index.set(rule.name, rule.eventPattern, rule.name);
    const removed = rules.filter((_, i) => i % 2 === 0);
    for (const rule of removed) index.delete(rule.name);
    const kept = rules.filter((_, i) => i % 2 === 1);
    for (const { file, Event } of cases) expect(index.match(Event), file).toEqual(plainRoute(kept, Event));
    for (const rule of [...removed].reverse()) index.set(rule.name, rule.eventPattern, rule.name);
    const order = [...kept, ...[...removed].reverse()];
    for (const { file, Event } of cases) expect(index.match(Event), file).toEqual(plainRoute(order, Event));
  });
});
