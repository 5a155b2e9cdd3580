import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
let outDir: string;
let template: Template;
let assetDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'statebridge-synth-'));
  // As a user runs it: no account, no region, no Docker; the output directory is the CDK CLI's variable.
  const { CDK_DEFAULT_ACCOUNT: _account, CDK_DEFAULT_REGION: _region, ...inherited } = process.env;
  const env = { ...inherited, CDK_OUTDIR: outDir, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
  await run(npm, ['run', '--silent', 'synth'], { cwd: ROOT, env, timeout: 170_000 });
  template = JSON.parse(readFileSync(join(outDir, 'Statebridge.template.json'), 'utf8')) as Template;
  const assets = JSON.parse(readFileSync(join(outDir, 'Statebridge.assets.json'), 'utf8')) as {
    files: Record<string, { source: { path: string; packaging: string } }>;
  };
  const code = Object.values(assets.files).find((f) => f.source.packaging === 'zip');
  assetDir = join(outDir, code!.source.path);
}, 180_000);

describe('npm run synth', () => {
  it('writes the template of the demo deployment', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::Events::EventBus',
      'AWS::StepFunctions::StateMachine',
      'AWS::SQS::Queue',
      'AWS::CloudWatch::Alarm',
    ])
      expect(types).toContain(type);
    const handlers = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => r.Properties['Handler']);
    // the demo's three functions and the media App's sixteen
    expect(handlers.filter((h) => h === 'index.invokeFunction')).toHaveLength(19);
  });

  it('deploys every kind of App source the media App registers', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    for (const type of [
      'AWS::Lambda::Alias',
      'Custom::S3BucketNotifications',
      'AWS::SNS::Subscription',
      'AWS::Lambda::EventSourceMapping',
      'AWS::ApiGateway::RestApi',
      'AWS::ApiGateway::Authorizer',
      'AWS::ApiGatewayV2::Api',
    ])
      expect(types).toContain(type);
    const schedules = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Events::Rule' && r.Properties['ScheduleExpression'] === 'cron(15 10 ? * MON-FRI *)',
    );
    expect(schedules).toHaveLength(1);
  });

  it('bundles one Lambda asset locally, as a zip of index.mjs (no container image)', () => {
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
    const assets = readFileSync(join(outDir, 'Statebridge.assets.json'), 'utf8');
    expect(assets).not.toContain('dockerImages":{"');
  });

  it('produces a bundle whose function entry runs the registered function through statebridge/aws', async () => {
    const script =
      `const m = await import(${JSON.stringify(join(assetDir, 'index.mjs'))});
      const out = await m.invokeFunction({ key: 'cat.jpg' }, ` +
      `{ awsRequestId: 'r-1', getRemainingTimeInMillis: () => 3000 });
      console.log(JSON.stringify({ exports: Object.keys(m).sort(), out }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, STATEBRIDGE_FUNCTION_NAME: 'demo-upload' },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { exports: string[]; out: unknown };
    expect(result.exports).toEqual(['ingress', 'invokeFunction', 'sweeper']);
    expect(result.out).toEqual({ key: 'cat.jpg', width: 1024 });
  });

  it('runs an App function from the same bundle: the App is installed as appModuleFor(app)', async () => {
    const script =
      `const m = await import(${JSON.stringify(join(assetDir, 'index.mjs'))});
      const out = await m.invokeFunction('world', ` +
      `{ awsRequestId: 'r-2', getRemainingTimeInMillis: () => 3000 });
      console.log(JSON.stringify(out));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, STATEBRIDGE_FUNCTION_NAME: 'greet' },
    });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ hello: 'world' });
  });
});
