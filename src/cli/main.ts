import { describeError, type CommandIo } from './command.js';
import { asksForHelp, commandHelp, packageVersion } from './commandHelp.js';
import { commands } from './commands/index.js';

/** Run the CLI with `argv` (without node and script); resolves with the exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`statebridge — event-sourced lifecycles for custom resources and async invocations\n\nCommands:\n`);
    for (const c of commands) io.stdout(`  ${c.usage}\n      ${c.summary}\n`);
    io.stdout(
      `\n"statebridge <command> --help" lists a command's options; "statebridge --version" prints the version.\n`,
    );
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`statebridge ${packageVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`unknown command "${name}"; run "statebridge --help" for the list\n`);
    return 2;
  }
  if (asksForHelp(rest)) {
    io.stdout(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`statebridge ${name}: ${describeError(error)}\n`);
    return 1;
  }
}
