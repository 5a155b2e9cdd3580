import { StatebridgeError } from '../core/errors.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import type { CommandExecutor } from './executor.js';

/** A machine version with the executors that carry out its commands. */
export interface Registration {
  readonly definition: MachineDefinition;
  readonly executors: Readonly<Record<string, CommandExecutor>>;
}

/** Machines by id and version. Instances are pinned to the version they started with. */
export class MachineRegistry {
  /** In registration order, for `list`. */
  private readonly byKey = new Map<string, Registration>();
  /** By id, then version: looked up on every step, so without building a key string each time. */
  private readonly byId = new Map<string, Map<number, Registration>>();
  private readonly latest = new Map<string, Registration>();

  register(definition: MachineDefinition, executors: Readonly<Record<string, CommandExecutor>> = {}): void {
    checkPin(definition);
    const named = Object.keys(
      (definition.machine.implementations as { actions?: Record<string, unknown> }).actions ?? {},
    );
    const missing = named.filter((name) => executors[name] === undefined);
    if (missing.length > 0) {
      throw new StatebridgeError(
        'MISSING_EXECUTOR',
        `machine ${definition.id}@${definition.version} declares actions with no executor: ${missing.join(', ')}`,
        { context: { machineId: definition.id, missing } },
      );
    }
    const registration = { definition, executors };
    this.byKey.set(`${definition.id}@${definition.version}`, registration);
    let versions = this.byId.get(definition.id);
    if (versions === undefined) this.byId.set(definition.id, (versions = new Map()));
    versions.set(definition.version, registration);
    const current = this.latest.get(definition.id);
    if (current === undefined || current.definition.version < definition.version)
      this.latest.set(definition.id, registration);
  }

  /** The newest registered version, used to start new instances. */
  latestOf(machineId: string): Registration {
    const found = this.latest.get(machineId);
    if (found === undefined) {
      throw new StatebridgeError('MACHINE_NOT_REGISTERED', `no machine registered with id "${machineId}"`, {
        context: { machineId, registered: [...this.latest.keys()] },
      });
    }
    return found;
  }

  /** Exactly the version an instance started with; a missing version is an error, never a silent upgrade. */
  pinned(machineId: string, version: number): Registration {
    const found = this.byId.get(machineId)?.get(version);
    if (found === undefined) {
      throw new StatebridgeError(
        'MACHINE_NOT_REGISTERED',
        `instance needs machine ${machineId}@${version}, which is ` +
          `not registered; register that version to keep running it`,
        { context: { machineId, version } },
      );
    }
    return found;
  }

  /**
   * The executor of one command kind of exactly the version an instance started with. Commands are only
   * ever named actions and `register` refuses a version with an action and no executor, so the relay can
   * rely on an answer; a kind without one could only come from a record this version never produced.
   */
  executorOf(machineId: string, version: number, kind: string): CommandExecutor {
    const executor = this.pinned(machineId, version).executors[kind];
    if (executor === undefined) {
      throw new StatebridgeError('MISSING_EXECUTOR', `machine ${machineId}@${version} has no executor for ${kind}`, {
        context: { machineId, version, kind },
      });
    }
    return executor;
  }

  /** True when exactly this version is registered. */
  has(machineId: string, version: number): boolean {
    return this.byId.get(machineId)?.has(version) ?? false;
  }

  list(): readonly Registration[] {
    return [...this.byKey.values()];
  }
}

/**
 * The id and version pin every record to its machine: they are stored with each step and looked up on each
 * one, so a value the store cannot keep as it is (NaN is read back as null, 1.5 or -1 as another version's
 * number in some stores) would leave instances no registration can run.
 */
function checkPin(definition: MachineDefinition): void {
  const { id, version } = definition as { id: unknown; version: unknown };
  const fault =
    typeof id !== 'string' || id.length === 0
      ? `id must be a non-empty string (got ${JSON.stringify(id) ?? String(id)})`
      : !Number.isSafeInteger(version) || (version as number) < 0
        ? `version must be a whole number, 0 or more (got ${String(version)})`
        : undefined;
  if (fault !== undefined) {
    throw new StatebridgeError('VALIDATION_FAILED', `machine definition: ${fault}`, {
      context: { field: fault.slice(0, fault.indexOf(' ')), id, version },
    });
  }
}
