import { ValidationError } from '../../../src/core/errors.js';

/** The ValidationError a registration is refused with; fails the test when it is accepted or throws otherwise. */
export function refusal(register: () => unknown): ValidationError {
  try {
    register();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('registration was accepted');
}
