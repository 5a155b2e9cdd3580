import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ASSETS = new URL('./assets/', import.meta.url);
const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'timeline.js': 'text/javascript; charset=utf-8',
  'lanes.js': 'text/javascript; charset=utf-8',
  'events.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'operator.js': 'text/javascript; charset=utf-8',
  'eventWindow.js': 'text/javascript; charset=utf-8',
  'diagram.js': 'text/javascript; charset=utf-8',
  'mermaid.min.js': 'text/javascript; charset=utf-8',
  'timeline.css': 'text/css; charset=utf-8',
};

/**
 * The bundled Mermaid renderer: copied next to the page's files by the build, read from the installed
 * `mermaid` package in a checkout.
 */
function assetFile(name: string): URL | string {
  const copied = new URL(name, ASSETS);
  if (name !== 'mermaid.min.js' || existsSync(fileURLToPath(copied))) return copied;
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}

const TOKEN_META = '<meta name="statebridge-token" content="">';

/**
 * Serve one of the page's files from `src/web/assets/` (a fixed list: no path from the URL reaches the
 * disk). The page gets the process token in a meta tag: only a page from this origin can read it.
 */
export async function serveAsset(response: ServerResponse, name: string, token?: string): Promise<boolean> {
  const type = TYPES[name];
  if (type === undefined) return false;
  const file = await readFile(assetFile(name));
  const body =
    name === 'index.html' && token !== undefined
      ? Buffer.from(file.toString('utf8').replace(TOKEN_META, `<meta name="statebridge-token" content="${token}">`))
      : file;
  response.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': name === 'index.html' ? 'no-store' : 'no-cache',
    'x-content-type-options': 'nosniff',
    // Everything the page shows is user data; the policy keeps even a missed escape from running script.
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
  });
  response.end(body);
  return true;
}
