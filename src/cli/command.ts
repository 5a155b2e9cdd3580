import { errorCode, errorMessage } from '../core/errors.js';

/** Where a command writes; tests capture it. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal: long work then draws a progress line there. */
  readonly stderrIsTTY?: boolean;
}

/** One `statebridge <name>` subcommand. `run` resolves with the process exit code. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Turn a thrown error into the one-line message users see. */
export function describeError(error: unknown): string {
  const code = error instanceof Error ? errorCode(error) : undefined;
  return code === undefined ? errorMessage(error) : `${code}: ${errorMessage(error)}`;
}
