/** Keys a machine asks to hide (`meta.redact`); defined in core so every step record can carry them. */
export { secretKeysOf } from '../core/machineSecrets.js';
