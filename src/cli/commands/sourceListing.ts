import { ASYNC_INVOCATION_MACHINE_ID } from '../../../machines/asyncInvocation/asyncInvocation.definition.js';
import { ValidationError } from '../../core/errors.js';
import type { InstanceSummary } from '../../core/stepRecord.js';
import type { EventStore, ListInstancesQuery, Page } from '../../ports/eventStore.js';
import { deliverySelector, deliveryTriggerOf, type DeliveryTrigger } from '../../local/chalice/deliverySource.js';
import { sourceKeyOfName } from '../../protocol/invocation/deliverySourceKey.js';

const SOURCE_FORM = /^(s3|sqs|sns|schedule|cw-event|events|kinesis|dynamodb|http|api|ws|websocket):\S.*$/;

/** A `--source` value checked: the index key it selects by (none for `api:<app>`) and its selector. */
export interface SourceSelection {
  readonly key: string | undefined;
  readonly selects: (trigger: DeliveryTrigger) => boolean;
}

/** Check a `--source` value (`<kind>:<name>`, as `start --app` prints them) and select by it. */
export function parseSourceOption(value: string): SourceSelection {
  if (!SOURCE_FORM.test(value))
    throw new ValidationError('--source', [
      {
        path: '--source',
        rule:
          'must be <kind>:<name> with kind s3, sqs, sns, schedule, cw-event, kinesis, dynamodb, http or ws ' +
          `(e.g. sqs:jobs, "http:GET /x", ws:$connect), got "${value}"`,
      },
    ]);
  return { key: sourceKeyOfName(value), selects: deliverySelector(value) };
}

/**
 * The deliveries of one source, newest first. The stores index invocations by their source, so a listing
 * reads pages of that source only, whatever else the store holds. `api:<app>` (every route of an app) has
 * no one key: it walks the invocations and reads each head for its trigger, stopping once a page brings
 * `limit` matches (`--since` bounds it).
 */
export async function listBySource(
  store: EventStore,
  selection: SourceSelection,
  query: Omit<ListInstancesQuery, 'machineId' | 'source'> & { limit: number },
): Promise<Page<InstanceSummary>> {
  if (selection.key !== undefined) return store.listInstances({ ...query, source: selection.key });
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
      if (trigger !== undefined && selection.selects(trigger)) items.push(item);
    });
    cursor = page.cursor;
  } while (cursor !== undefined && items.length < query.limit);
  return { items, ...(cursor === undefined ? {} : { cursor }) };
}
