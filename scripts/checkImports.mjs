// Checks the import rules of .dependency-cruiser.js over src and machines. dependency-cruiser's command refuses
// Node 20, which this package supports, so lint calls its API. Edges listed in
// .dependency-cruiser-known-violations.json are known debt and pass; any other violation fails.
// `node scripts/checkImports.mjs --baseline` rewrites that list from the tree as it stands.
// `node scripts/checkImports.mjs --config FILE DIR...` checks other folders with another rule set (the tests do).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { config: { type: 'string', default: '.dependency-cruiser.js' }, baseline: { type: 'boolean' } },
});
const KNOWN = '.dependency-cruiser-known-violations.json';
const { default: config } = await import(pathToFileURL(resolve(values.config)).href);
const known = !values.baseline && existsSync(KNOWN) ? JSON.parse(readFileSync(KNOWN, 'utf8')) : [];
const result = await cruise(
  positionals.length > 0 ? positionals : ['src', 'machines'],
  {
    ...config.options,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    knownViolations: known,
    outputType: values.baseline ? 'baseline' : 'err',
  },
  config.options?.enhancedResolveOptions,
  existsSync('tsconfig.json') ? { tsConfig: extractTSConfig(resolve('tsconfig.json')) } : {},
);
if (values.baseline) writeFileSync(KNOWN, String(result.output));
else if (result.exitCode !== 0) process.stderr.write(String(result.output));
process.exitCode = result.exitCode === 0 ? 0 : 1;
