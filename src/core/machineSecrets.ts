import type { MachineDefinition } from './machineDefinition.js';

/** Keys a machine asks to hide, declared as `meta: { redact: ['apiKey', ...] }` on the machine config. */
export function secretKeysOf(definition: MachineDefinition): readonly string[] {
  const meta = (definition.machine.config as { meta?: { redact?: unknown } }).meta;
  const keys = meta?.redact;
  // Most machines declare none: one shared empty list rather than a new one on every step.
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : NO_KEYS;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * The secret keys a step record carries: the ones its stream already declared plus the deciding machine
 * version's. Kept in the records so a viewer without the machine's code still hides them.
 */
export function carriedSecretKeys(
  previous: readonly string[] | undefined,
  definition: MachineDefinition,
): readonly string[] | undefined {
  const declared = secretKeysOf(definition);
  if (declared.length === 0) return previous;
  if (previous === undefined) return declared;
  return declared.every((k) => previous.includes(k)) ? previous : [...new Set([...previous, ...declared])];
}
