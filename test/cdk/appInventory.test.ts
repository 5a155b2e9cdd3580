import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { Statebridge } from '../../src/cdk/index.js';
import { loadAppInventory } from '../../src/cdk/lambdaBundle.js';

const synth = (app: string, props: Record<string, unknown> = {}) =>
  new Statebridge(new Stack(new App(), 'Lifecycles'), 'Lifecycles', { app, ...props });

describe('what an app registers, read at synth time', () => {
  it('lists the demo app’s machines and functions with their destinations and responseOnly chains', () => {
    const inventory = loadAppInventory('infra/demoApp.ts');
    expect(inventory.modules).toEqual(['custom-resources', 'demo-functions']);
    expect(inventory.machines.map((m) => `${m.id}@${m.version}`).sort()).toEqual([
      'asyncInvocation@1',
      'customResource@1',
    ]);
    const byName = new Map(inventory.functions.map((f) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual(['demo-audit-log', 'demo-resize', 'demo-upload']);
    expect(byName.get('demo-upload')?.responseOnly).toEqual([
      { rule: 'demo-upload-onSuccess-responseOnly', outcome: 'Success', targetFunction: 'demo-resize' },
    ]);
    expect(byName.get('demo-resize')?.destinations).toEqual([
      { kind: 'function', name: 'demo-audit-log' },
      { kind: 'queue', name: 'demo-failed-resizes' },
    ]);
  });

  it('takes an App exported as the default and lists its functions under the module app:<name>', () => {
    const inventory = loadAppInventory('test/cdk/fixtures/chaliceApp.ts');
    expect(inventory.modules).toEqual(['app:media']);
    expect(inventory.functions.map((f) => `${f.module}/${f.name}`)).toEqual([
      'app:media/everyFive',
      'app:media/resize',
    ]);
  });

  it('refuses two different functions with one name, naming both modules', () => {
    expect(() => synth('test/cdk/fixtures/duplicateFunctionsApp.ts')).toThrow(
      /function resize: registered twice .* by module "thumbnails" and by module "videos"/,
    );
  });

  it('refuses two different machines with one id and version, naming both modules', () => {
    expect(() => synth('test/cdk/fixtures/duplicateMachinesApp.ts')).toThrow(
      /machine approval@1: registered twice .* by module "billing" and by module "hiring"/,
    );
  });

  it('refuses a module that exports no AppModule, naming the rule', () => {
    expect(() => synth('src/aws/contract.ts')).toThrow(/app: must be an App or an AppModule/);
  });

  it('refuses bad settings, naming the field and the rule', () => {
    expect(() => synth('infra/demoApp.ts', { indexShards: 0 })).toThrow(
      /indexShards: must be an integer from 1 to 256, got 0/,
    );
    expect(() => synth('infra/demoApp.ts', { functionNamePrefix: 'has space ' })).toThrow(
      /functionNamePrefix: must be at most 32 characters/,
    );
  });
});
