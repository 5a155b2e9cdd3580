import type { StepRecord } from '../../core/stepRecord.js';
import type { EventStore } from '../../ports/eventStore.js';

/** One invocation of a chain, as `followChain` reports it. */
export interface ChainLink {
  readonly requestId: string;
  readonly functionName: string;
  readonly state: string;
  readonly condition?: string;
  readonly approximateInvokeCount?: number;
  /** The invocation whose destination started this one. */
  readonly causedBy?: string;
  /** How: `destination`, or the event-bus rule (a `responseOnly` hop). */
  readonly via?: string;
}

/**
 * The invocations of one chain in causal order, from the links the runtime recorded: every instance
 * shares the root's correlation id, and each delivering step names the instances it `caused`.
 * @example
 * for (const link of await followChain(store, requestId)) console.log(link.functionName, link.condition);
 */
export async function followChain(store: EventStore, rootRequestId: string): Promise<ChainLink[]> {
  const members = new Map<string, StepRecord[]>();
  let cursor: string | undefined;
  do {
    const page = await store.listInstances({
      correlationId: rootRequestId,
      limit: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const item of page.items) members.set(item.instanceId, await readAll(store, item.instanceId));
    cursor = page.cursor;
  } while (cursor !== undefined);
  if (!members.has(rootRequestId)) members.set(rootRequestId, await readAll(store, rootRequestId));
  const order: ChainLink[] = [];
  const queue: { id: string; causedBy?: string }[] = [{ id: rootRequestId }];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { id, causedBy } = queue.shift()!;
    const records = members.get(id) ?? [];
    if (seen.has(id) || records.length === 0) continue;
    seen.add(id);
    order.push(describe(records, causedBy));
    for (const record of records)
      for (const child of record.links.caused ?? []) queue.push({ id: child, causedBy: id });
  }
  return order;
}

async function readAll(store: EventStore, id: string): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for await (const record of store.readStream(id)) records.push(record);
  return records;
}

function describe(records: readonly StepRecord[], causedBy: string | undefined): ChainLink {
  const head = records.at(-1)!;
  const context = head.state.context as {
    input?: { functionName?: string; trigger?: { kind?: string; rule?: string; source?: string } };
  } | null;
  const output = head.state.output as { condition?: string; approximateInvokeCount?: number } | undefined;
  const trigger = context?.input?.trigger;
  return {
    requestId: head.streamId,
    functionName: context?.input?.functionName ?? '?',
    state: head.stateAfter,
    ...(output?.condition === undefined ? {} : { condition: output.condition }),
    ...(output?.approximateInvokeCount === undefined ? {} : { approximateInvokeCount: output.approximateInvokeCount }),
    ...(causedBy === undefined ? {} : { causedBy }),
    ...(trigger?.kind === 'eventBusRule'
      ? { via: `rule ${trigger.rule ?? '?'}` }
      : trigger?.kind === 'destination'
        ? { via: 'destination' }
        : trigger?.kind === 'eventSource'
          ? { via: [trigger.source, trigger.rule].filter((part) => part !== undefined).join(' ') }
          : {}),
  };
}
