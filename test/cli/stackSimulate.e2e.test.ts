import { describe, expect, it } from 'vitest';
import { runCli } from './support/runCli.js';

const cli = (...args: string[]) => runCli('stack', 'simulate', ...args);
const statuses = (stdout: string) =>
  stdout
    .split('\n')
    .map((line) => /^\S+\s+(\S+)\s+(\S+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && /_/.test(m[1]!))
    .map((m) => `${m[2]} ${m[1]}`);

describe('statebridge stack simulate', () => {
  it('creates, updates with a replacement and cleanup, and deletes a stack with a deferred resource', async () => {
    const { code, stdout } = await cli(
      'examples/custom-resources/stack.yaml',
      '--update',
      'examples/custom-resources/stack-update.yaml',
      '--delete',
    );
    expect(code).toBe(0);
    expect(statuses(stdout)).toEqual([
      'simulated-stack CREATE_IN_PROGRESS',
      'Greeting CREATE_IN_PROGRESS',
      'Greeting CREATE_COMPLETE',
      'Job CREATE_IN_PROGRESS',
      'Job CREATE_COMPLETE',
      'simulated-stack CREATE_COMPLETE',
      'simulated-stack UPDATE_IN_PROGRESS',
      'Greeting UPDATE_IN_PROGRESS',
      'Greeting UPDATE_COMPLETE',
      'simulated-stack UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'Greeting DELETE_IN_PROGRESS',
      'Greeting DELETE_COMPLETE',
      'simulated-stack UPDATE_COMPLETE',
      'simulated-stack DELETE_IN_PROGRESS',
      'Job DELETE_IN_PROGRESS',
      'Job DELETE_COMPLETE',
      'Greeting DELETE_IN_PROGRESS',
      'Greeting DELETE_COMPLETE',
      'simulated-stack DELETE_COMPLETE',
    ]);
    expect(stdout).toMatch(/replaced greeting-world → greeting-statebridge/);
    // The stack delete removes the replacement, not the old id again.
    expect(stdout).toMatch(/DELETE_COMPLETE\s+Greeting\s+Custom::Greeting\s+id=greeting-statebridge/);
    expect(stdout).toMatch(/DELETE_COMPLETE\s+Greeting\s+Custom::Greeting\s+id=greeting-world/);
    expect(stdout).toMatch(/respond\s+open\.deferred → delivering .*decided SUCCESS id=job-nightly \(by responder\)/);
    expect(stdout).toMatch(/Data: \(NoEcho\)/);
    expect(stdout).not.toMatch(/tok-/); // NoEcho Data never printed
    expect(stdout).not.toMatch(/X-Amz-Signature/);
  });

  it('rolls back a failed Create with a Delete of the FAILED answer’s id, not running the user delete', async () => {
    const { code, stdout } = await cli('examples/custom-resources/failing-stack.yaml');
    expect(code).toBe(1);
    expect(stdout).toMatch(/Job\s+Custom::DeferredJob\s+the job runner is out of capacity/);
    const failedId = /decided FAILED id=(\S+)/.exec(stdout)?.[1];
    expect(failedId).toMatch(/^Job-[0-9a-f]{16}$/);
    expect(stdout).toMatch(new RegExp(`DELETE_COMPLETE\\s+Job\\s+Custom::DeferredJob\\s+id=${failedId}`));
    expect(stdout).toMatch(/ROLLBACK_COMPLETE/);
    // The rollback Delete was answered by the runtime: no handler call in its timeline.
    const deleteTimeline = stdout.split('Delete Job')[1] ?? '';
    expect(deleteTimeline.split('\n')[1]).toMatch(/∅ → delivering/);
    expect(deleteTimeline.split('\n')[1]).not.toMatch(/invokeHandler/);
  });

  it('rolls a failed update back: swapped-property Updates, then deletes the replacement the update made', async () => {
    const { code, stdout } = await cli(
      'examples/custom-resources/stack.yaml',
      '--update',
      'examples/custom-resources/stack-update-failing.yaml',
    );
    expect(code).toBe(1);
    expect(statuses(stdout).slice(6)).toEqual([
      'simulated-stack UPDATE_IN_PROGRESS',
      'Greeting UPDATE_IN_PROGRESS',
      'Greeting UPDATE_COMPLETE',
      'Job UPDATE_IN_PROGRESS',
      'Job UPDATE_FAILED',
      'simulated-stack UPDATE_ROLLBACK_IN_PROGRESS',
      'Job UPDATE_IN_PROGRESS',
      'Job UPDATE_COMPLETE',
      'Greeting UPDATE_IN_PROGRESS',
      'Greeting UPDATE_COMPLETE',
      'simulated-stack UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'Greeting DELETE_IN_PROGRESS',
      'Greeting DELETE_COMPLETE',
      'simulated-stack UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(stdout).toMatch(
      /UPDATE_FAILED\s+Job\s+Custom::DeferredJob\s+invalid properties: ResourceProperties\.DurationMs/,
    );
    expect(stdout).toMatch(/DELETE_COMPLETE\s+Greeting\s+Custom::Greeting\s+id=greeting-statebridge/);
  });

  it('plays ROS with a sync web token (10 s deadline) and an async one', async () => {
    const { code, stdout } = await cli('examples/custom-resources/ros-stack.yaml', '--provider', 'ros');
    expect(code).toBe(0);
    expect(stdout).toMatch(/stack simulated-stack \(ros\)/);
    expect(stdout).toMatch(/Create Greeting[^\n]*\n[^\n]*timer: \+9000ms/);
    expect(stdout).toMatch(/Job\s+ALIYUN::ROS::CustomResource\s+id=job-ros-job/);
  });

  it('runs a handler importing the package by name, as one library copy (Defer and Responder work)', async () => {
    const { code, stdout } = await cli('test/cli/fixtures/packageImport.yaml', '--delete', '--quiet');
    expect(code).toBe(0);
    expect(stdout).toMatch(/CREATE_COMPLETE\s+ByName\s+Custom::ByName\s+id=by-package-name/);
    expect(stdout).toMatch(/DELETE_COMPLETE\s+simulated-stack/);
  });

  it('explains bad usage', async () => {
    const { code, stderr } = await cli('examples/custom-resources/stack.yaml', '--provider', 'azure');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--provider: must be cloudformation or ros/);
  });
});
