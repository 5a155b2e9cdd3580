import type { StepRecord } from '../core/stepRecord.js';

/** A compact text timeline of an instance, for counterexamples and test failures. */
export function timelineText(records: readonly StepRecord[]): string {
  const start = records[0]?.at ?? 0;
  return records
    .map((r) => {
      const origin =
        r.origin.kind === 'timer'
          ? `timer ${r.origin.timerId}`
          : r.origin.kind === 'command'
            ? `outcome of ${r.origin.commandKey}`
            : r.origin.kind;
      const parts = [
        `v${r.version}`.padEnd(5),
        `+${((r.at - start) / 1000).toFixed(3)}s`.padEnd(12),
        `${r.event.type} (${origin})`,
        `${r.stateBefore ?? '∅'} → ${r.stateAfter}`,
      ];
      if (r.commands.length > 0) parts.push(`commands: ${r.commands.map((c) => c.kind).join(', ')}`);
      if (r.timersSet.length > 0) parts.push(`timers: ${r.timersSet.map((t) => `${t.id}@+${t.delayMs}ms`).join(', ')}`);
      if (r.timersCancelled.length > 0) parts.push(`cancelled: ${r.timersCancelled.join(', ')}`);
      return parts.join('  ');
    })
    .join('\n');
}
