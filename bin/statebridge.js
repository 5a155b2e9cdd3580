#!/usr/bin/env node
// The statebridge command. In a source checkout it runs the TypeScript sources (no build step); an
// installed package runs its compiled dist/. Either way tsx is registered, so handler and machine
// modules you point the command at may be TypeScript.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const sources = new URL('../src/cli/bin.ts', import.meta.url);
const fromSources = existsSync(sources);
if (fromSources) register('./sourceConditions.js', import.meta.url);
const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
await import(fromSources ? sources.href : new URL('../dist/src/cli/bin.js', import.meta.url).href);
