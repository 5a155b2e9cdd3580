import { readFileSync, writeFileSync } from 'node:fs';

/** Where a running `start` leaves its base URL, beside the database and its token: `<db>.endpoint`. */
export function endpointFilePath(db: string): string {
  return `${db}.endpoint`;
}

/**
 * Record the base URL the runtime serving `db` listens on, so commands that feed it (`emit`) find it
 * without being told the port. Rewritten on every start; it is no secret (the token guards the calls).
 */
export function writeEndpointFile(db: string, baseUrl: string): void {
  writeFileSync(endpointFilePath(db), `${baseUrl}\n`, { mode: 0o600 });
}

/** The base URL of the runtime serving `db`, or undefined when none has started with it. */
export function readEndpointFile(db: string): string | undefined {
  try {
    const url = readFileSync(endpointFilePath(db), 'utf8').trim();
    return url === '' ? undefined : url;
  } catch {
    return undefined;
  }
}
