import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');

/** The README's examples are run as users run them, so the docs cannot drift from the code. */
describe('examples', () => {
  it('quickstart: commands, duplicates, durable timers and bad input behave as the README says', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=statebridge-source', join(root, 'examples', 'quickstart.ts')],
      { cwd: root },
    );
    expect(stdout).toContain('charging {"orderId":"order-1","amount":25} (idempotency key order-1#2#0)');
    expect(stdout.match(/^  charging /gm)).toHaveLength(1);
    expect(stdout).toMatch(/v3 charge\.succeeded\s+charging → paid/);
    expect(stdout).toMatch(/v2 xstate\.after\.paymentWindow\.order\.awaitingPayment awaitingPayment → expired/);
    expect(stdout).toMatch(/invalid input of order: orderId: .*>=1 characters; amount: .*>0/);
  }, 60_000);
});
