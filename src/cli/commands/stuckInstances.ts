import type { InstanceSummary } from '../../core/stepRecord.js';
import type { ListInstancesQuery } from '../../ports/eventStore.js';
import type { MachineRegistry } from '../../runtime/registry.js';
import type { EventStore } from '../../ports/eventStore.js';
import { formatDuration, safeText } from '../../timeline/textFormat.js';

/** An active instance that is not moving, with why. */
export interface StuckInstance extends InstanceSummary {
  readonly reasons: readonly string[];
}

/**
 * Why an active instance is stuck, if it is: its pinned machine version is not registered here, a timer
 * is overdue by more than `graceMs`, or commands have been pending longer than `graceMs`.
 */
export function stuckReasons(
  summary: InstanceSummary,
  registry: MachineRegistry,
  now: number,
  graceMs: number,
): string[] {
  if (summary.status !== 'active') return [];
  const reasons: string[] = [];
  if (!registry.has(summary.machineId, summary.machineVersion)) {
    reasons.push(`machine ${summary.machineId}@${summary.machineVersion} is not registered`);
  }
  if (summary.nextTimerAt !== undefined && now - summary.nextTimerAt > graceMs) {
    reasons.push(`timer overdue by ${formatDuration(now - summary.nextTimerAt)}`);
  }
  if (summary.pendingCommands > 0 && now - summary.updatedAt > graceMs) {
    reasons.push(`${summary.pendingCommands} command(s) pending for ${formatDuration(now - summary.updatedAt)}`);
  }
  return reasons;
}

/** Walk every active instance (page by page) and keep the stuck ones. */
export async function findStuck(
  store: EventStore,
  registry: MachineRegistry,
  now: number,
  graceMs: number,
): Promise<StuckInstance[]> {
  const stuck: StuckInstance[] = [];
  let cursor: string | undefined;
  do {
    const query: ListInstancesQuery = { status: 'active', limit: 500, ...(cursor === undefined ? {} : { cursor }) };
    const page = await store.listInstances(query);
    for (const summary of page.items) {
      const reasons = stuckReasons(summary, registry, now, graceMs);
      if (reasons.length > 0) stuck.push({ ...summary, reasons });
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return stuck;
}

/** Render stuck instances as an aligned text table. */
export function formatStuck(items: readonly StuckInstance[]): string {
  if (items.length === 0) return 'no stuck instances\n';
  const rows = [
    ['INSTANCE', 'MACHINE', 'STATE', 'REASON'],
    ...items.map((s) => [
      safeText(s.instanceId),
      `${safeText(s.machineId)}@${s.machineVersion}`,
      safeText(s.state),
      s.reasons.join('; '),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
      .join('\n') + '\n'
  );
}
