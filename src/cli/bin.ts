import type { CommandIo } from './command.js';
import { main } from './main.js';

// A reader that goes away (`statebridge timeline … | head`) is normal for a command-line tool: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const io: CommandIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: process.stderr.isTTY === true,
};
process.exitCode = await main(process.argv.slice(2), io);
