import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Statebridge } from '../../src/cdk/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The App module of docs/aws.md's "Deploying an App", importing this checkout instead of the package. */
function documentedApp(): string {
  const docs = readFileSync(join(ROOT, 'docs', 'aws.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## Deploying an App'));
  const code = /```ts\n(\/\/ media\.ts\n[\s\S]*?)```/.exec(section)?.[1];
  if (code === undefined) throw new Error('docs/aws.md: no media.ts example under "Deploying an App"');
  const file = join(mkdtempSync(join(tmpdir(), 'statebridge-docs-app-')), 'media.ts');
  writeFileSync(file, code.replace("from 'statebridge'", `from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))}`));
  return file;
}

describe('docs/aws.md: Deploying an App', () => {
  it('synthesizes the documented App: an alias per source, its schedule, notification, mapping and route', () => {
    const stack = new Stack(new App(), 'Media', { env: { account: '123456789012', region: 'eu-west-1' } });
    const statebridge = new Statebridge(stack, 'Media', { app: documentedApp() });
    const template = Template.fromStack(stack);
    expect([...statebridge.appSources.aliases.keys()]).toEqual(['everyFive', 'resize', 'work', 'view']);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    template.hasResourceProperties('Custom::S3BucketNotifications', { BucketName: 'media-uploads' });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{key}' });
    expect(statebridge.appSources.restApis.get('media')?.api.url).toEqual(expect.any(String));
  }, 180_000);
});
