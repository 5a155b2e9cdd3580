import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqliteEventStore.js';
import { Failed, Success } from '../../../src/app/customResource/results.js';
import { functionsFor } from '../../../src/app/functions/functionsModule.js';
import { customResourceHarness } from '../../app/customResourceHarness.js';
import { ScriptedHandler } from '../../app/customResourceFixtures.js';
import { resize } from './operatorApp.js';
import { seededApp, startFetch } from './seed.js';

const HOUR = 3_600_000;
const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/demo-stack/1134083a-2608-1e91-9897-022501a2c456';

/** A CloudFormation Create of `Custom::Thing` named `logicalId` in demo-stack. */
const thingCreate = (requestId: string, logicalId: string) => ({
  RequestType: 'Create',
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:thing-provider',
  StackId: STACK,
  RequestId: requestId,
  LogicalResourceId: logicalId,
  ResourceType: 'Custom::Thing',
  ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:thing-provider' },
});

/**
 * One SQLite file holding every kind of lifecycle an operator meets: a fetch instance waiting for
 * approval, a failed (RetriesExhausted) invocation, and custom resources answered SUCCESS and FAILED.
 */
export async function seedOperatorStore() {
  const dir = mkdtempSync(join(tmpdir(), 'sb-operator-'));
  const ctx = seededApp(dir);
  functionsFor(ctx.env).register(resize);
  await startFetch(ctx.env, 'req-waiting', 0);
  await startFetch(ctx.env, 'req-cancel', 0);
  const { requestId: failedInvocation } = await functionsFor(ctx.env).invokeAsync(resize, { key: 'big.jpg' });
  await ctx.clock.advance(HOUR);
  await ctx.env.runtime.idle();
  await ctx.env.runtime.close();

  const cr = await customResourceHarness({ store: new SqliteEventStore({ path: ctx.db }) });
  cr.handlers.register(
    'h',
    new ScriptedHandler({
      create: async (event) =>
        event.LogicalResourceId === 'Broken'
          ? new Failed({ reason: 'quota exceeded for Thing' })
          : new Success({ physicalResourceId: 'thing-1' }),
    }),
  );
  await cr.send(thingCreate('11111111-1111-4111-8111-111111111111', 'Ok'));
  await cr.send(thingCreate('22222222-2222-4222-8222-222222222222', 'Broken'));
  await cr.runtime.idle();
  const crIds = (await cr.store.listInstances({ machineId: 'customResource' })).items.map((s) => s.instanceId);
  await cr.shutdown();
  return { db: ctx.db, failedInvocation, crIds };
}
