import type { CliCommand } from '../command.js';
import { startCommand } from './start.js';

/** Every `statebridge` subcommand. */
export const commands: readonly CliCommand[] = [startCommand];
