import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

const ASSETS = new URL('./assets/', import.meta.url);
const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'timeline.js': 'text/javascript; charset=utf-8',
  'lanes.js': 'text/javascript; charset=utf-8',
  'events.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'timeline.css': 'text/css; charset=utf-8',
};

/** Serve one of the page's files from `src/web/assets/` (a fixed list: no path from the URL reaches the disk). */
export async function serveAsset(response: ServerResponse, name: string): Promise<boolean> {
  const type = TYPES[name];
  if (type === undefined) return false;
  const body = await readFile(new URL(name, ASSETS));
  response.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    // Everything the page shows is user data; the policy keeps even a missed escape from running script.
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
  });
  response.end(body);
  return true;
}
