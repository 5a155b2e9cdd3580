// Fails when a source line is longer than 120 characters. Prettier wraps code at that width but leaves long strings
// and comments alone, so this check covers what it cannot. A line is let through only when its overflow is a URL or
// a regular-expression literal, which cannot be split without hurting them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX = 120;
const EXTENSIONS = ['.ts', '.js', '.mjs'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'cdk.out', 'test-output', '.statebridge', '.git']);
const URL = /\bhttps?:\/\/\S+/;
// A line that is (or ends in) a regular-expression literal: `/…/flags` optionally followed by `,` `)` or `;`.
const REGEX_LITERAL = /(^|[\s(,=:[!&|?])\/(?![/*])(\\.|[^/\\\n])+\/[dgimsuyv]*[),;\s]*$/;

function* sourceFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.isFile() && EXTENSIONS.some((extension) => entry.name.endsWith(extension))) yield path;
  }
}

/** Length in characters as an editor shows them (a multi-byte character counts once). */
const widthOf = (line) => [...line].length;

const exempt = (line) => URL.test(line) || REGEX_LITERAL.test(line.trim());

const root = process.cwd();
const offenders = [];
for (const file of sourceFiles(root)) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    const width = widthOf(line);
    if (width > MAX && !exempt(line)) offenders.push(`${relative(root, file)}:${index + 1}: ${width} characters`);
  });
}
if (offenders.length > 0) {
  console.error(`Lines over ${MAX} characters (break them; strings split with +, comments re-wrapped):`);
  console.error(offenders.join('\n'));
  process.exit(1);
}
