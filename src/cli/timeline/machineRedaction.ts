import type { MachineDefinition } from '../../core/machineDefinition.js';

/** Keys a machine asks to hide, declared as `meta: { redact: ['apiKey', ...] }` on the machine config. */
export function secretKeysOf(definition: MachineDefinition): readonly string[] {
  const meta = (definition.machine.config as { meta?: { redact?: unknown } }).meta;
  const keys = meta?.redact;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}
