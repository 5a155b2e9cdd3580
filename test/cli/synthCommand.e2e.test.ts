import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/seed.js';

describe('statebridge synth', () => {
  it('writes the deployment of an app module to a directory, offline', async () => {
    const out = mkdtempSync(join(tmpdir(), 'statebridge-cli-synth-'));
    const {
      code,
      out: printed,
      err,
    } = await runCli(['synth', '--app', 'infra/demoApp.ts', '--out', out, '--stack', 'Shop', '--index-shards', '8']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(printed).toContain(`synthesized Shop to ${out}`);
    const template = JSON.parse(readFileSync(join(out, 'Shop.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const ingress = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties['Handler'] === 'index.ingress',
    );
    expect(JSON.stringify(ingress?.Properties['Environment'])).toContain('"STATEBRIDGE_INDEX_SHARDS":"8"');
  }, 120_000);

  it('names the missing --app and a bad setting', async () => {
    const missing = await runCli(['synth']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('--app: is required');
    const bad = await runCli([
      'synth',
      '--app',
      'infra/demoApp.ts',
      '--out',
      mkdtempSync(join(tmpdir(), 'sb-')),
      '--index-shards',
      '0',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('indexShards: must be an integer from 1 to 256, got 0');
  }, 120_000);
});
