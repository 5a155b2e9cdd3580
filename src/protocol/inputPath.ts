import type { Json } from '../core/stepRecord.js';
import { ValidationError } from '../core/errors.js';

/**
 * Evaluate an EventBridge target `InputPath` (a JSONPath of the form `$`, `$.a.b`, `$.a[0]`) against an
 * event. A path that selects nothing yields undefined.
 */
export function selectInputPath(path: string, event: Json): Json | undefined {
  if (!path.startsWith('$'))
    throw new ValidationError(`InputPath "${path}"`, [{ path: 'InputPath', rule: 'must start with $' }]);
  const parts = path.slice(1).match(/\.[^.[\]]+|\[\d+\]/g) ?? [];
  let current: Json | undefined = event;
  for (const part of parts) {
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    current = part.startsWith('[')
      ? Array.isArray(current)
        ? current[Number(part.slice(1, -1))]
        : undefined
      : (current as Record<string, Json>)[part.slice(1)];
  }
  return current;
}
