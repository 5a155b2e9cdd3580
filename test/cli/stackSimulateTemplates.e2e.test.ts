import { describe, expect, it } from 'vitest';
import { runCli } from './support/runCli.js';

const dir = 'test/cli/fixtures/stacks';
const cli = (...args: string[]) => runCli('stack', 'simulate', ...args);

describe('stack simulate reads templates as CloudFormation does', () => {
  it('runs plain-JavaScript handlers without options, picked by export, outputs of one feeding the next', async () => {
    const { code, stdout } = await cli(`${dir}/chain.yaml`, '--delete', '--quiet');
    expect(code).toBe(0);
    // Properties arrive as CloudFormation sends them: the number 3 as the string "3".
    expect(stdout).toMatch(/CREATE_COMPLETE\s+Origin\s+Custom::Origin\s+id=origin-3-string/);
    // Ref = the PhysicalResourceId, GetAtt = a Data field, Sub mixes both with a parameter default.
    expect(stdout).toContain('id=consumer(origin-3-string|host-3.example|https://host-3.example/dev/origin-3-string)');
    // Consumer is first in the file but depends on Origin through its references.
    expect(stdout.indexOf('CREATE_IN_PROGRESS                           Origin')).toBeLessThan(
      stdout.indexOf('CREATE_IN_PROGRESS                           Consumer'),
    );
    expect(stdout).toMatch(/warning: Logs \(AWS::S3::Bucket\) is not simulated/);
    expect(stdout).toMatch(
      /warning: Resources\.Consumer\.Properties\.ServiceTimeout is 7200, outside 1 to 3600 seconds: .* uses 3600 s/,
    );
  });

  it('refuses a DependsOn on a missing resource and a dependency cycle, naming them', async () => {
    const missing = await cli(`${dir}/missingDependency.yaml`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Resources\.Origin\.DependsOn: names "Queue", which is not a resource/);
    expect(missing.stdout).not.toMatch(/CREATE_IN_PROGRESS/);
    const cycle = await cli(`${dir}/cycle.yaml`);
    expect(cycle.code).toBe(1);
    expect(cycle.stderr).toMatch(/forms a dependency cycle: First → Second → First/);
  });

  it('says a deployed ServiceToken needs a local module, and runs it once --handler maps one', async () => {
    const refused = await cli(`${dir}/deployedToken.yaml`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /Resources\.Origin\.Properties\.ServiceToken: is !GetAtt, not a module path; .*--handler Origin=\.\/handler\.ts/,
    );
    const mapped = await cli(
      `${dir}/deployedToken.yaml`,
      '--quiet',
      '--handler',
      `Origin=${dir}/plainHandlers.mjs#origin`,
      '--handler',
      `Other=${dir}/plainHandlers.mjs#origin`,
    );
    expect(mapped.code).toBe(0);
    expect(mapped.stdout).toMatch(/CREATE_COMPLETE\s+Other\s+Custom::Origin\s+id=origin-2-string/);
  });

  it('checks the --update template and its handlers before creating anything', async () => {
    const { code, stdout, stderr } = await cli(`${dir}/chain.yaml`, '--update', `${dir}/badUpdate.yaml`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/exports no custom resource handler named "nothing"; handler exports: consumer, origin/);
    expect(stdout).not.toMatch(/CREATE_IN_PROGRESS/);
  });
});
