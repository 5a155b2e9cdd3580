import { describe, expect, it } from 'vitest';
import { HandlerRegistry } from '../../src/app/customResource/handlerRegistry.js';
import { FunctionThrottledError } from '../../src/app/functions/functionErrors.js';
import {
  errorCode,
  errorMessage,
  InstanceNotFoundError,
  isPayloadSizeError,
  isStatebridgeError,
  PayloadLimitError,
  PayloadTooLargeError,
  ValidationError,
} from '../../src/core/errors.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

describe('the error family', () => {
  it('reads the message and code of anything thrown', () => {
    expect(errorMessage(new TypeError('bad'))).toBe('bad');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
    expect(errorCode(Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }))).toBe('SQLITE_BUSY');
    expect(errorCode({ code: 7 })).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode(new InstanceNotFoundError('x'))).toBe('INSTANCE_NOT_FOUND');
  });

  it('refuses a step on an unknown instance with InstanceNotFoundError', async () => {
    const runtime = createRuntime({ store: new MemoryEventStore(), clock: new VirtualClock() });
    const error: unknown = await runtime.send('ghost', { type: 'go' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstanceNotFoundError);
    expect(error).toMatchObject({ code: 'INSTANCE_NOT_FOUND', message: 'no instance with id "ghost"' });
  });

  it('gives an unregistered handler and an unloadable module codes of their own, not VALIDATION_FAILED', async () => {
    const handlers = new HandlerRegistry();
    expect(() => handlers.get('Custom::Nope')).toThrow(
      expect.objectContaining({ code: 'HANDLER_NOT_REGISTERED', context: { name: 'Custom::Nope', registered: [] } }),
    );
    const error: unknown = await handlers.load('x', '/nonexistent/handler.mjs').catch((e: unknown) => e);
    expect(isStatebridgeError(error, 'MODULE_LOAD_FAILED')).toBe(true);
    expect(errorMessage(error)).toMatch(/^cannot load handler module \/nonexistent\/handler\.mjs: /);
    expect((error as Error).cause).toBeDefined();
  });

  it('tells payload-size refusals from other bad input', () => {
    const over = new PayloadLimitError('payload for f', { path: 'payload', rule: 'must be at most 10 bytes' }, 11, 10);
    expect(over).toBeInstanceOf(ValidationError);
    expect(over.code).toBe('VALIDATION_FAILED');
    expect(isPayloadSizeError(over)).toBe(true);
    expect(isPayloadSizeError(new PayloadTooLargeError('s', 11, 10))).toBe(true);
    expect(isPayloadSizeError(new ValidationError('payload for f', [{ path: 'payload.a', rule: 'required' }]))).toBe(
      false,
    );
  });

  it('keeps the function app’s codes out of the core union but inside the family', () => {
    const throttled = new FunctionThrottledError('resize');
    expect(isStatebridgeError(throttled, 'FUNCTION_THROTTLED')).toBe(true);
    expect(throttled.retryable).toBe(true);
  });
});
