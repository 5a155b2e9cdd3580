import type { CliCommand } from '../command.js';
import { emitCommand } from './emit.js';
import { graphCommand } from './graph.js';
import { lsCommand } from './ls.js';
import { cancelCommand, retryCommand, sendCommand } from './operatorCommands.js';
import { replayCommand } from './replay.js';
import { serveCommand } from './serve.js';
import { synthCommand } from './synth.js';
import { stackCommand } from './stack.js';
import { startCommand } from './start.js';
import { timelineCommand } from './timeline.js';

/** Every `statebridge` subcommand. */
export const commands: readonly CliCommand[] = [
  startCommand,
  emitCommand,
  lsCommand,
  timelineCommand,
  graphCommand,
  sendCommand,
  retryCommand,
  cancelCommand,
  replayCommand,
  stackCommand,
  serveCommand,
  synthCommand,
];
