import { ValidationError } from '../../core/errors.js';

/** The settings a function definition takes besides its name. */
export const FUNCTION_SETTINGS = [
  'maximumRetryAttempts',
  'maximumEventAgeInSeconds',
  'timeoutSeconds',
  'reservedConcurrency',
  'onSuccess',
  'onFailure',
  'deadLetterQueue',
] as const;

const DESTINATIONS =
  'new LambdaDestination(fn), new SqsDestination(queueName), new SnsDestination(topicName) ' +
  'or new EventBridgeDestination(busName)';

/**
 * Refuse, when a function is defined, settings that would otherwise fail on its first invocation: an
 * unknown setting (a typo suggests the setting meant), or a string or plain object where a destination
 * or a dead-letter target is expected. Plain JavaScript callers get no compiler to catch these.
 */
export function checkFunctionOptions(functionName: string, options: unknown): void {
  const what = `settings of function ${functionName}`;
  const refuse = (path: string, rule: string) => new ValidationError(what, [{ path, rule }]);
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw refuse('options', 'must be an object of settings when given');
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if ((FUNCTION_SETTINGS as readonly string[]).includes(key)) continue;
    const near = nearest(key);
    const hint = near === undefined ? '' : `; did you mean "${near}"?`;
    throw refuse(key, `is not a setting${hint} (settings: ${FUNCTION_SETTINGS.join(', ')})`);
  }
  for (const key of ['onSuccess', 'onFailure'] as const) {
    const value = given[key];
    if (value === undefined) continue;
    if (!isDestination(value)) throw refuse(key, `must be a destination: ${DESTINATIONS}; got ${describe(value)}`);
  }
  const dlq = given['deadLetterQueue'];
  if (dlq !== undefined && !isDeadLetterTarget(dlq))
    throw refuse(
      'deadLetterQueue',
      `must be new SqsDestination(queueName) or new SnsDestination(topicName); got ${describe(dlq)}`,
    );
}

function isDestination(value: unknown): boolean {
  return typeof (value as { toSpec?: unknown } | null)?.toSpec === 'function';
}

function isDeadLetterTarget(value: unknown): boolean {
  const target = value as { kind?: unknown; queueName?: unknown; topicName?: unknown } | null;
  return (
    (target?.kind === 'queue' && typeof target.queueName === 'string') ||
    (target?.kind === 'topic' && typeof target.topicName === 'string')
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string "${value}"`;
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'a plain object';
  return `a ${typeof value}`;
}

/** The setting closest to a misspelt one, if any is close enough to be what was meant. */
function nearest(key: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of FUNCTION_SETTINGS) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best !== undefined && best.distance <= Math.ceil(best.name.length / 3) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
