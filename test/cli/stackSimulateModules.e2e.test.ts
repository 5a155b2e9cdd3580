import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/seed.js';

// Inside the package, so the handler modules' `import ... from 'statebridge'` resolves as a user's would.
let root: string;
let stack: string;
let outside: string;
const marker = () => join(outside, 'imported.txt');

const template = (serviceToken: string) =>
  `Resources:\n  Greeting:\n    Type: Custom::Greeting\n    Properties:\n` +
  `      ServiceToken: ${serviceToken}\n      Name: world\n`;

beforeAll(() => {
  mkdirSync('test-output', { recursive: true });
  root = mkdtempSync(resolve('test-output', 'stack-modules-'));
  stack = join(root, 'stack');
  outside = join(root, 'outside');
  mkdirSync(stack);
  mkdirSync(outside);
  copyFileSync('examples/custom-resources/greeting.handler.ts', join(outside, 'greeting.handler.ts'));
  // A module whose import alone does something: it must never be imported when refused.
  writeFileSync(
    join(outside, 'sideEffect.handler.ts'),
    `import { writeFileSync } from 'node:fs';\n` +
      `writeFileSync(${JSON.stringify(marker())}, 'imported');\nexport const handler = 1;\n`,
  );
  writeFileSync(join(stack, 'notAHandler.ts'), 'export const handler = () => "hi";\nexport default { create() {} };\n');
  symlinkSync(join(outside, 'sideEffect.handler.ts'), join(stack, 'linked.handler.ts'));
  writeFileSync(join(stack, 'escape.yaml'), template('../outside/sideEffect.handler.ts'));
  writeFileSync(join(stack, 'absolute.yaml'), template(join(outside, 'sideEffect.handler.ts')));
  writeFileSync(join(stack, 'symlink.yaml'), template('./linked.handler.ts'));
  writeFileSync(join(stack, 'outsideGreeting.yaml'), template('../outside/greeting.handler.ts'));
  writeFileSync(join(stack, 'notAHandler.yaml'), template('./notAHandler.ts'));
  copyFileSync('examples/custom-resources/greeting.handler.ts', join(stack, 'greeting.handler.ts'));
  const signed = (token: string) =>
    `Resources:\n  Greeting:\n    Type: Custom::Greeting\n    Properties:\n` +
    `      ServiceToken: ${token}\n      HttpConfig:\n        SignKey: s3cret-key\n` +
    `        Headers:\n          X-Team: infra\n      Parameters:\n        Name: Signed\n`;
  writeFileSync(join(stack, 'rosSigned.yaml'), signed('web[sync]:./greeting.handler.ts'));
  writeFileSync(join(stack, 'rosSignedAsync.yaml'), signed('web:./greeting.handler.ts'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const simulate = (...args: string[]) => runCli(['stack', 'simulate', ...args, '--quiet']);

describe('stack simulate loads handler modules only from allowed places', () => {
  it('refuses a ServiceToken outside the template folder (relative, absolute, symlink), imports nothing', async () => {
    for (const file of ['escape.yaml', 'absolute.yaml', 'symlink.yaml']) {
      const { code, err } = await simulate(join(stack, file));
      expect(code, file).toBe(1);
      expect(err, file).toContain(
        "Resources.Greeting.Properties.ServiceToken: must name a module inside the template's folder",
      );
      expect(err, file).toContain('--handler Greeting=PATH or --allow-module-dir DIR');
    }
    expect(existsSync(marker())).toBe(false);
  });

  it('loads a module outside when its folder is allowed, or when --handler names it', async () => {
    const allowed = await simulate(join(stack, 'outsideGreeting.yaml'), '--allow-module-dir', outside);
    expect(allowed.err).toBe('');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/CREATE_COMPLETE\s+Greeting\s+Custom::Greeting\s+id=greeting-world/);
    const named = await simulate(
      join(stack, 'escape.yaml'),
      '--handler',
      `Greeting=${join(outside, 'greeting.handler.ts')}`,
    );
    expect(named.code).toBe(0);
    expect(named.out).toMatch(/CREATE_COMPLETE\s+Greeting/);
    expect(existsSync(marker())).toBe(false);
  });

  it('refuses a module that exports no handler, and a malformed --handler', async () => {
    const { code, err } = await simulate(join(stack, 'notAHandler.yaml'));
    expect(code).toBe(1);
    expect(err).toMatch(
      /exports no custom resource handler: export "handler" \(a lambdaHandler\) or a BaseHandler instance/,
    );
    const bad = await simulate(join(stack, 'escape.yaml'), '--handler', 'Greeting');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--handler: must be LogicalId=PATH, got "Greeting"');
  });

  it('signs ROS requests with the template HttpConfig.SignKey; the endpoint verifies them (sync, async)', async () => {
    for (const file of ['rosSigned.yaml', 'rosSignedAsync.yaml']) {
      const { code, out, err } = await simulate(join(stack, file), '--provider', 'ros');
      expect(err, file).toBe('');
      expect(code, file).toBe(0);
      expect(out, file).toMatch(/CREATE_COMPLETE\s+Greeting\s+Custom::Greeting\s+id=greeting-signed/);
    }
  });
});
