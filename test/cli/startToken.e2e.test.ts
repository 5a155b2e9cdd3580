import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalToken } from '../../src/cli/localToken.js';
import { rawRequest } from '../web/support/rawRequest.js';

let dir: string;
let db: string;
let child: ChildProcess | undefined;
let base: string;
let printedToken: string;

/** Start the runtime as a user would and wait until it says it serves. */
function startRuntime(): Promise<{ base: string; token: string }> {
  const proc = spawn(
    'node',
    ['bin/statebridge.js', 'start', '--db', db, '--no-demo', '--port', '0', '--allow-host', 'tunnel.example.test'],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = proc;
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /timeline: (http:\/\/\S+)\//.exec(out)?.[1];
      const token = /token:\s+(\S+)/.exec(out)?.[1];
      if (url !== undefined && token !== undefined && out.includes('serving')) resolve({ base: url, token });
    });
    proc.on('exit', (code) => reject(new Error(`start exited with ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-token-'));
  db = join(dir, 'statebridge.db');
  ({ base, token: printedToken } = await startRuntime());
}, 60_000);
afterAll(() => {
  if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('statebridge start: the per-process token', () => {
  it('is printed and stored beside the database, readable by its owner only', () => {
    expect(printedToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readLocalToken(db)).toBe(printedToken);
    expect(readFileSync(`${db}.token`, 'utf8').trim()).toBe(printedToken);
    expect(statSync(`${db}.token`).mode & 0o777).toBe(0o600);
    expect(statSync(`${db}.url-key`).mode & 0o777).toBe(0o600);
  });

  it('lets another process make state-changing calls only with the token from the file', async () => {
    const path = '/ros/custom-resource/missing';
    const without = await rawRequest(base, 'POST', path, { 'content-type': 'application/json' }, '{}');
    expect(without.status).toBe(401);
    const withToken = await rawRequest(
      base,
      'POST',
      path,
      { 'content-type': 'application/json', 'x-statebridge-token': readLocalToken(db) ?? '' },
      '{}',
    );
    // Past the checks: the request itself is then judged (and this one is not a valid ROS request).
    expect(withToken.status).toBe(400);
  });

  it('accepts a host given with --allow-host and no other', async () => {
    expect((await rawRequest(base, 'GET', '/api/machines', { host: 'tunnel.example.test' })).status).toBe(200);
    expect((await rawRequest(base, 'GET', '/api/machines', { host: 'other.example.test' })).status).toBe(403);
  });
});
