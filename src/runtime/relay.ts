import type { Command, MachineEvent, StepRecord } from '../core/stepRecord.js';
import type { ExecutorContext } from './executor.js';
import type { Runtime } from './runtime.js';

/** Event recorded when an executor itself fails (not the user's handler: that is a normal outcome event). */
export const COMMAND_FAILED = 'statebridge.command.failed';
/** Event recorded when an executor finishes without an outcome of its own, so the command is acknowledged. */
export const COMMAND_DONE = 'statebridge.command.done';

/**
 * The outbox relay: executes committed commands at least once and feeds each outcome back as an event
 * whose id derives from the command's idempotency key, so a repeated execution is applied once.
 */
export class Relay {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly runtime: Runtime,
    private readonly onError: (error: unknown) => void,
  ) {}

  execute(record: StepRecord, command: Command): void {
    if (this.inFlight.has(command.key)) return;
    const run = this.run(record, command)
      .catch((error: unknown) => this.onError(error))
      .finally(() => this.inFlight.delete(command.key));
    this.inFlight.set(command.key, run);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  private async run(record: StepRecord, command: Command): Promise<void> {
    const { executors } = this.runtime.registry.pinned(record.machine.id, record.machine.version);
    const executor = executors[command.kind];
    const links = { causationId: command.key, correlationId: record.links.correlationId };
    const caused = new Set<string>();
    const context: ExecutorContext = {
      instanceId: record.streamId,
      idempotencyKey: command.key,
      record,
      clock: this.runtime.clock,
      start: async (machineId, instanceId, input, key) => {
        caused.add(instanceId);
        try {
          await this.runtime.start(machineId, instanceId, input, { ...links, eventId: `start:${key}` });
        } catch (error) {
          if (!(error instanceof Error && 'code' in error && error.code === 'INSTANCE_EXISTS')) throw error;
        }
      },
      send: async (instanceId, event, key) => {
        caused.add(instanceId);
        await this.runtime.deliver(instanceId, event, `send:${key}`, { kind: 'external' }, links);
      },
    };
    let outcome: readonly MachineEvent[];
    try {
      if (executor === undefined) throw new Error(`no executor for ${command.kind}`);
      const result = await executor(command, context);
      outcome = result === undefined ? [] : Array.isArray(result) ? result : [result as MachineEvent];
    } catch (error) {
      outcome = [{ type: COMMAND_FAILED, kind: command.kind, key: command.key, error: describe(error) }];
    }
    if (outcome.length === 0) outcome = [{ type: COMMAND_DONE, kind: command.kind, key: command.key }];
    for (const [index, event] of outcome.entries()) {
      const withCaused = index === 0 ? { ...links, caused: [...caused] } : links;
      await this.runtime.deliver(record.streamId, event, `${command.key}/outcome/${index}`, { kind: 'command', commandKey: command.key }, withCaused);
    }
  }
}

function describe(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { name: error.name, message: error.message, code } : { name: error.name, message: error.message };
}
