import { customResourceDefinition } from '../../../machines/customResource/index.js';
import { echoOf } from '../../../machines/customResource/customResource.decide.js';
import type { StepRecord } from '../../core/stepRecord.js';
import type { EventStore } from '../../ports/eventStore.js';
import { redactCustomResource } from '../../protocol/redaction.js';
import { contextOf } from '../../runtime/typedExecutors.js';
import { truncateMiddle } from '../../protocol/customResource/responseBody.js';

/** One line per step of a request's instance: time since arrival, event, state change, commands and timers. */
function describeRequestSteps(records: readonly StepRecord[]): string[] {
  const first = records[0];
  if (first === undefined) return [];
  const context = contextOf(customResourceDefinition, first);
  const echo = echoOf(context);
  const lines = [`${echo.RequestType} ${echo.LogicalResourceId}  (${first.streamId.split(':').slice(-1)[0] ?? ''})`];
  let decided = false;
  for (const raw of records) {
    const record = redactCustomResource(raw);
    const ctx = contextOf(customResourceDefinition, record);
    const parts = [
      `  +${String(record.at - first.at).padStart(6)}ms`,
      record.event.type.padEnd(26),
      `${record.stateBefore ?? '∅'} → ${record.stateAfter}`,
    ];
    if (record.commands.length > 0) parts.push(`do: ${record.commands.map((c) => c.kind).join(', ')}`);
    if (record.timersSet.length > 0) parts.push(`timer: ${record.timersSet.map((t) => `+${t.delayMs}ms`).join(', ')}`);
    if (!decided && ctx.response !== undefined) {
      decided = true;
      const reason = ctx.response.Reason === undefined ? '' : ` "${truncateMiddle(ctx.response.Reason, 80)}"`;
      parts.push(
        `decided ${ctx.response.Status} id=${ctx.response.PhysicalResourceId}${reason} (by ${ctx.decidedBy ?? '?'})`,
      );
    }
    lines.push(parts.join('  '));
  }
  return lines;
}

/** Read and describe every request instance in order. */
export async function describeRequests(store: EventStore, instanceIds: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const id of instanceIds) {
    const records: StepRecord[] = [];
    for await (const record of store.readStream(id)) records.push(record);
    lines.push(...describeRequestSteps(records));
  }
  return lines;
}
