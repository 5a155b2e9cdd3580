#!/usr/bin/env node
// The statebridge command. In a source checkout it runs the TypeScript sources through tsx (no build
// step); an installed package runs its compiled dist/.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const sources = new URL('../src/cli/bin.ts', import.meta.url);
if (existsSync(sources)) {
  register('./sourceConditions.js', import.meta.url);
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(sources.href);
} else {
  await import(new URL('../dist/src/cli/bin.js', import.meta.url).href);
}
