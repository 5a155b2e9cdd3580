import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * Where `start --db memory` leaves its endpoint and token for `emit --db memory`, since it has no database
 * file to put them beside: `<tmp>/statebridge-<uid>/memory.{endpoint,token}`. The folder must be this
 * user's and closed to others (0700); one that is not (made by someone else first) is not used, so the
 * token never lands where another user can read or replace it. The last memory runtime started wins.
 * Returns the path to use as the `db` of the token and endpoint files, or undefined when it cannot be used.
 */
export function memoryStoreFiles(options: { create: boolean }): string | undefined {
  const uid = userInfo().uid;
  const dir = join(tmpdir(), `statebridge-${uid < 0 ? userInfo().username : uid}`);
  try {
    if (options.create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    const ours = uid < 0 || stat.uid === uid;
    if (!stat.isDirectory() || !ours || (stat.mode & 0o077) !== 0) return undefined;
  } catch {
    return undefined;
  }
  return join(dir, 'memory');
}
