import type { CliCommand } from '../command.js';
import { lsCommand } from './ls.js';
import { startCommand } from './start.js';
import { timelineCommand } from './timeline.js';

/** Every `statebridge` subcommand. */
export const commands: readonly CliCommand[] = [startCommand, lsCommand, timelineCommand];
