import type { InstanceSummary } from '../../core/stepRecord.js';
import { formatDuration, formatRelative, formatTime, safeText } from '../../timeline/textFormat.js';

/** Default width of `ls`: a usual terminal; `--wide` prints every column whole. */
export const TABLE_WIDTH = 120;
const GAP = '  ';

/**
 * A long id cut in the middle (`cr:clou…req-1f2e`): the start says what kind it is, the end tells
 * requests of one stack apart.
 * @example
 * shortId('cr:cloudformation:arn:aws:cloudformation:us-east-1:1:stack/s/g:req-1'); // 'cr:cloudfo…:req-1'
 */
export function shortId(id: string, max = 16): string {
  if (id.length <= max) return id;
  const tail = Math.floor((max - 1) / 2);
  return `${id.slice(0, max - 1 - tail)}…${id.slice(id.length - tail)}`;
}

/**
 * The state with what xstate says of it, in one cell: `awaitingApproval`, `done`, `answered`, or
 * `running (error)`. An instance with its answer that still takes duplicates reads as answered.
 */
export function stateCell(s: InstanceSummary): string {
  const state = safeText(s.state);
  if (s.status === 'active') return s.settled === true && state !== 'answered' ? `${state} (answered)` : state;
  return state === s.status ? state : `${state} (${s.status})`;
}

/** `answered` for an instance that has its answer but still takes duplicates of its request. */
export function statusWord(s: InstanceSummary): string {
  return s.status === 'active' && s.settled === true ? 'answered' : s.status;
}

function outcomeCell(s: InstanceSummary, wide: boolean): string {
  if (s.outcome === undefined) return '-';
  const detail = wide && s.outcome.detail !== undefined ? `: ${s.outcome.detail}` : '';
  return safeText(`${s.outcome.label}${detail}`);
}

function waitingCell(s: InstanceSummary, now: number, wide: boolean): string {
  if (s.status === 'active' && s.settled === true)
    return wide ? 'nothing; a duplicate of its request is answered again' : 'duplicates only';
  if (s.status !== 'active') return '-';
  const idle = formatDuration(Math.max(0, now - s.updatedAt));
  const parts: string[] = [];
  if (s.pendingCommands > 0) parts.push(`${s.pendingCommands} command(s) for ${idle}`);
  // A timer past its due time on a running instance means nothing is firing timers: the usual "stuck".
  if (s.nextTimerAt !== undefined)
    parts.push(
      s.nextTimerAt < now
        ? `timer OVERDUE by ${formatDuration(now - s.nextTimerAt)}`
        : `timer ${formatRelative(s.nextTimerAt, now)}`,
    );
  return parts.length > 0 ? parts.join(', ') : `an event, for ${idle}`;
}

const cut = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

/**
 * Narrow columns until the row fits `width`, least useful first (`[column, narrowest]` in `order`), so
 * the name is the last to lose characters.
 */
function fitWidths(natural: readonly number[], width: number, order: readonly [number, number][]): number[] {
  const widths = [...natural];
  let over = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1) - width;
  for (const [column, narrowest] of order) {
    if (over <= 0) break;
    const take = Math.min(over, Math.max(0, widths[column]! - narrowest));
    widths[column]! -= take;
    over -= take;
  }
  return widths;
}

/**
 * Summaries as an aligned table, human name first: `NAME` is the machine's title for the instance (the
 * id when it gives none), then its state, how it ended, and the id, shortened. `wide` prints every
 * column whole, adding the machine, the status, the start time and the outcome's detail.
 */
export function formatTable(items: readonly InstanceSummary[], now: number, wide = false): string {
  if (items.length === 0) return 'no instances match\n';
  const rows = wide ? wideRows(items, now) : narrowRows(items, now);
  const natural = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  // NAME, STATE, OUTCOME, LAST CHANGE, WAITING, ID: waiting and state give way first, the outcome label
  // only once the name is down to 40 characters.
  const widths = wide
    ? natural
    : fitWidths(natural, TABLE_WIDTH, [
        [4, 15],
        [1, 12],
        [4, 8],
        [1, 10],
        [0, 40],
        [2, 12],
        [0, 20],
      ]);
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cut(cell, widths[i]!) : cut(cell, widths[i]!).padEnd(widths[i]!)))
      .join(GAP);
  const shortened = !wide && items.some((s) => shortId(s.instanceId) !== s.instanceId);
  return `${rows.map(line).join('\n')}\n${shortened ? '(ids shortened; --wide prints them whole)\n' : ''}`;
}

function narrowRows(items: readonly InstanceSummary[], now: number): string[][] {
  return [
    ['NAME', 'STATE', 'OUTCOME', 'LAST CHANGE', 'WAITING', 'ID'],
    ...items.map((s) => [
      safeText(s.title ?? shortId(s.instanceId, 40)),
      stateCell(s),
      outcomeCell(s, false),
      formatRelative(s.updatedAt, now),
      waitingCell(s, now, false),
      shortId(safeText(s.instanceId)),
    ]),
  ];
}

function wideRows(items: readonly InstanceSummary[], now: number): string[][] {
  return [
    ['NAME', 'MACHINE', 'STATUS', 'STATE', 'OUTCOME', 'STARTED', 'LAST CHANGE', 'WAITING', 'ID'],
    ...items.map((s) => [
      safeText(s.title ?? s.instanceId),
      `${safeText(s.machineId)}@${s.machineVersion}`,
      statusWord(s),
      safeText(s.state),
      outcomeCell(s, true),
      formatTime(s.startedAt),
      formatRelative(s.updatedAt, now),
      waitingCell(s, now, true),
      safeText(s.instanceId),
    ]),
  ];
}
