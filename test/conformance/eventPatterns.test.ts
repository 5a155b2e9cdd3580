import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStatebridgeError } from '../../src/core/errors.js';
import { eventPatternIssues, matchesEventPattern, validateEventPattern } from '../../src/protocol/eventPattern.js';
import { conformanceCorpus } from './corpusDir.js';
import { parseJson5Subset } from './json5Subset.js';

// The corpus lives beside the repository; see its README for provenance and the naming convention.
const corpus = conformanceCorpus('eventbridge-patterns');

type Expected = 'match' | 'no match' | 'rejected';

function expectedOutcome(file: string): Expected {
  if (file.endsWith('_EXC.json5')) return 'rejected';
  if (file.endsWith('_NEG.json5')) return 'no match';
  return 'match';
}

function check(expected: Expected, pattern: unknown, event: unknown): void {
  if (expected === 'rejected') {
    expect(eventPatternIssues(pattern)).not.toEqual([]);
    expect(() => validateEventPattern(pattern)).toThrowError(/invalid event pattern/);
    try {
      validateEventPattern(pattern);
    } catch (error) {
      expect(isStatebridgeError(error, 'VALIDATION_FAILED')).toBe(true);
    }
    return;
  }
  expect(eventPatternIssues(pattern)).toEqual([]);
  expect(matchesEventPattern(validateEventPattern(pattern), event)).toBe(expected === 'match');
}

const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.json5'))
  .sort();

describe('EventBridge event-pattern conformance (LocalStack corpus, AWS-validated)', () => {
  it('finds the whole corpus', () => {
    expect(files).toHaveLength(155);
  });

  for (const file of files) {
    const expected = expectedOutcome(file);
    it(`${file}: ${expected}`, () => {
      const data = parseJson5Subset(readFileSync(join(corpus, file), 'utf8')) as {
        Event: unknown;
        EventPattern: unknown;
      };
      check(expected, data.EventPattern, data.Event);
    });
  }

  it('complex_multi_key_event.json + complex_multi_key_event_pattern.json: match (last duplicate key wins)', () => {
    const event: unknown = JSON.parse(readFileSync(join(corpus, 'complex_multi_key_event.json'), 'utf8'));
    const pattern: unknown = JSON.parse(readFileSync(join(corpus, 'complex_multi_key_event_pattern.json'), 'utf8'));
    check('match', pattern, event);
  });
});
