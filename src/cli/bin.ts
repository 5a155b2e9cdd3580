import type { CommandIo } from './command.js';
import { main } from './main.js';

const io: CommandIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
process.exitCode = await main(process.argv.slice(2), io);
