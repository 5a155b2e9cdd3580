import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's browser, which the page tests drive. */
const CHROMIUM = '/usr/bin/chromium';

/** Headless, and quiet: no updates, sync or QUIC of its own between the page and the local server. */
const HEADLESS_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launch headless Chromium with `extraArgs` after the usual ones; a missing browser says how to install it. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's browser with "apt-get install -y chromium"`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...HEADLESS_ARGS, ...extraArgs] });
}
