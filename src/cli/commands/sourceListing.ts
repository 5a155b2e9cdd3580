import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import { ValidationError } from '../../core/errors.js';
import type { InstanceSummary } from '../../core/stepRecord.js';
import type { EventStore, ListInstancesQuery, Page } from '../../ports/eventStore.js';
import { deliverySelector, deliveryTriggerOf, type DeliveryTrigger } from '../../local/chalice/deliverySource.js';

const SOURCE_FORM = /^(s3|sqs|sns|schedule|cw-event|events|kinesis|dynamodb|http|api|ws|websocket):\S.*$/;

/** Check a `--source` value (`<kind>:<name>`, as `start --app` prints them) and select by it. */
export function parseSourceOption(value: string): (trigger: DeliveryTrigger) => boolean {
  if (!SOURCE_FORM.test(value))
    throw new ValidationError('--source', [
      {
        path: '--source',
        rule:
          'must be <kind>:<name> with kind s3, sqs, sns, schedule, cw-event, kinesis, dynamodb, http or ws ' +
          `(e.g. sqs:jobs, "http:GET /x", ws:$connect), got "${value}"`,
      },
    ]);
  return deliverySelector(value);
}

/**
 * The deliveries of one source, newest first: invocation instances whose trigger names it. It walks the
 * store's machine index (invocations only, with the other filters applied there), a page of `limit` at a
 * time, and reads each listed invocation's head for its trigger: one index page plus one keyed read per
 * invocation looked at. It stops once a page brings `limit` matches, so a frequent source costs about one
 * page; a rare one costs a read per invocation in range, which `--since` bounds.
 */
export async function listBySource(
  store: EventStore,
  selects: (trigger: DeliveryTrigger) => boolean,
  query: Omit<ListInstancesQuery, 'machineId'> & { limit: number },
): Promise<Page<InstanceSummary>> {
  const items: InstanceSummary[] = [];
  let cursor = query.cursor;
  do {
    const page = await store.listInstances({
      ...query,
      machineId: ASYNC_INVOCATION_MACHINE_ID,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const heads = await Promise.all(page.items.map((item) => store.readHead(item.instanceId)));
    page.items.forEach((item, i) => {
      const trigger = heads[i] === undefined ? undefined : deliveryTriggerOf(heads[i]);
      if (trigger !== undefined && selects(trigger)) items.push(item);
    });
    cursor = page.cursor;
  } while (cursor !== undefined && items.length < query.limit);
  return { items, ...(cursor === undefined ? {} : { cursor }) };
}
