import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { isStatebridgeError } from '../../src/core/errors.js';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { MachineRegistry } from '../../src/runtime/registry.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { COMMAND_FAILED } from '../../src/core/stepProtocol.js';

const v1 = defineMachine({
  id: 'door',
  version: 1,
  machine: setup({}).createMachine({
    id: 'door',
    initial: 'closed',
    states: { closed: { on: { OPEN: 'open' } }, open: { on: { CLOSE: 'closed' } } },
  }),
});
const v2 = defineMachine({
  id: 'door',
  version: 2,
  machine: setup({}).createMachine({
    id: 'door',
    initial: 'closed',
    states: {
      closed: { on: { OPEN: 'opening' } },
      opening: { on: { OPENED: 'open' } },
      open: { on: { CLOSE: 'closed' } },
    },
  }),
});

describe('machine versions', () => {
  it('keeps an instance on the version it started with', async () => {
    const store = new MemoryEventStore();
    const runtime = createRuntime({ store }).register(v1);
    await runtime.start('door', 'old', undefined);
    runtime.register(v2);
    await runtime.start('door', 'new', undefined);
    expect((await runtime.send('old', { type: 'OPEN' })).record.stateAfter).toBe('open');
    expect((await runtime.send('new', { type: 'OPEN' })).record.stateAfter).toBe('opening');
    expect((await store.readHead('old'))?.machine).toEqual({ id: 'door', version: 1 });
  });

  it('refuses to step an instance whose version is not registered instead of reinterpreting it', async () => {
    const store = new MemoryEventStore();
    await createRuntime({ store }).register(v1).start('door', 'd', undefined);
    const upgraded = createRuntime({ store }).register(v2);
    const error = await upgraded.send('d', { type: 'OPEN' }).catch((e: unknown) => e);
    expect(isStatebridgeError(error, 'MACHINE_NOT_REGISTERED')).toBe(true);
    expect((error as Error).message).toMatch(/door@1/);
    expect((await store.readHead('d'))?.version).toBe(1);
  });
});

describe('registration and command faults', () => {
  const withCommand = defineMachine({
    id: 'mailer',
    version: 1,
    machine: setup({ actions: { sendMail: () => undefined } }).createMachine({
      id: 'mailer',
      initial: 'sending',
      states: {
        sending: { entry: 'sendMail', on: { [COMMAND_FAILED]: 'broken', 'mail.sent': 'sent' } },
        sent: { type: 'final' },
        broken: {},
      },
    }),
  });

  it('names the actions that have no executor', () => {
    const error = (() => {
      try {
        createRuntime({ store: new MemoryEventStore() }).register(withCommand);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(isStatebridgeError(error, 'MISSING_EXECUTOR')).toBe(true);
    expect((error as Error).message).toMatch(/sendMail/);
  });

  it('refuses a definition whose id or version the store could not keep, naming the field and the rule', () => {
    const registry = new MachineRegistry();
    const messageOf = (definition: object): string => {
      try {
        registry.register(definition as typeof v1);
        return 'registered';
      } catch (error) {
        return isStatebridgeError(error, 'VALIDATION_FAILED') ? error.message : 'another error';
      }
    };
    expect(messageOf({ ...v1, version: Number.NaN })).toBe(
      'machine definition: version must be a whole number, 0 or more (got NaN)',
    );
    expect(messageOf({ ...v1, version: 1.5 })).toMatch(/version must be a whole number.*1\.5/);
    expect(messageOf({ ...v1, version: -1 })).toMatch(/version must be a whole number/);
    expect(messageOf({ ...v1, version: '1' })).toMatch(/version must be a whole number/);
    expect(messageOf({ ...v1, id: '' })).toBe('machine definition: id must be a non-empty string (got "")');
    expect(messageOf({ ...v1, version: 0 })).toBe('registered');
  });

  it('answers the executor of a command kind of exactly the pinned version, or names what is missing', () => {
    const registry = new MachineRegistry();
    const sendMail = async () => ({ type: 'mail.sent' });
    registry.register(withCommand, { sendMail });
    expect(registry.executorOf('mailer', 1, 'sendMail')).toBe(sendMail);
    const codeOf = (lookup: () => unknown): string | undefined => {
      try {
        lookup();
        return undefined;
      } catch (error) {
        return isStatebridgeError(error) ? error.code : 'not a StatebridgeError';
      }
    };
    expect(codeOf(() => registry.executorOf('mailer', 1, 'sendFax'))).toBe('MISSING_EXECUTOR');
    expect(codeOf(() => registry.executorOf('mailer', 2, 'sendMail'))).toBe('MACHINE_NOT_REGISTERED');
  });

  it('records an executor fault as an event the machine can handle', async () => {
    const store = new MemoryEventStore();
    const runtime = createRuntime({ store }).register(withCommand, {
      sendMail: async () => {
        throw new Error('SMTP down');
      },
    });
    await runtime.start('mailer', 'm', undefined);
    await runtime.idle();
    const head = await store.readHead('m');
    expect(head?.stateAfter).toBe('broken');
    expect(head?.event).toMatchObject({
      type: COMMAND_FAILED,
      kind: 'sendMail',
      key: 'm#1#0',
      error: { message: 'SMTP down' },
    });
    expect(head?.pending.commands).toEqual([]);
  });

  it('rejects an instance id that is empty or has control characters', async () => {
    const runtime = createRuntime({ store: new MemoryEventStore() }).register(v1);
    await expect(runtime.start('door', '', undefined)).rejects.toThrow(/instance id: .*must not be empty/);
    await expect(runtime.start('door', 'a\nb', undefined)).rejects.toThrow(/control characters/);
  });
});

describe('inline actions', () => {
  it('are refused with a message that says how to name them, writing nothing', async () => {
    const inline = defineMachine({
      id: 'inline',
      version: 1,
      machine: setup({}).createMachine({
        id: 'inline',
        initial: 'a',
        states: { a: { on: { GO: { target: 'b', actions: () => console.log('side effect') } } }, b: {} },
      }),
    });
    const store = new MemoryEventStore();
    const runtime = createRuntime({ store }).register(inline);
    await runtime.start('inline', 'i', undefined);
    const error = await runtime.send('i', { type: 'GO' }).catch((e: unknown) => e);
    expect(isStatebridgeError(error, 'UNSUPPORTED_ACTION')).toBe(true);
    expect((error as Error).message).toMatch(/named actions in setup/);
    expect((await store.readHead('i'))?.version).toBe(1);
  });
});
