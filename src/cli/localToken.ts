import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the token of the runtime serving database `db` is kept: beside it, as `<db>.token`. */
export function tokenFilePath(db: string): string {
  return `${db}.token`;
}

/** A fresh per-process token: 32 random bytes, base64url. */
export function newLocalToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Store `token` beside the database, readable by its owner only (0600): other users on the machine
 * cannot read it, while the CLI run by the same user can. Rewritten on every start.
 */
export function writeTokenFile(db: string, token: string): string {
  const path = tokenFilePath(db);
  writeOwnerOnly(path, token);
  return path;
}

/** Write one secret line to `path`, readable by its owner only (0600), creating the folder if needed. */
function writeOwnerOnly(path: string, secret: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  // The mode of writeFileSync applies only when it creates the file; an older file keeps its own.
  chmodSync(path, 0o600);
}

/**
 * The key response URLs are signed with, kept beside the database as `<db>.url-key` (0600) and reused
 * on every start: a URL handed out before a restart must still be answerable after it.
 */
export function urlSigningKey(db: string): string {
  const path = `${db}.url-key`;
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // First start with this database: make one below.
  }
  const key = newLocalToken();
  writeOwnerOnly(path, key);
  return key;
}

/**
 * Read the token of the runtime serving `db` (for the CLI and scripts calling its state-changing
 * endpoints: send it as `x-statebridge-token`). Undefined when no runtime has written one.
 * @example
 * const token = readLocalToken('.statebridge/statebridge.db');
 * await fetch(url, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json', 'x-statebridge-token': token ?? '' },
 *   body,
 * });
 */
export function readLocalToken(db: string): string | undefined {
  try {
    return readFileSync(tokenFilePath(db), 'utf8').trim();
  } catch {
    return undefined;
  }
}
