import { InstanceNotFoundError } from '../core/errors.js';
import type { StepRecord } from '../core/stepRecord.js';
import type { EventStore } from '../ports/eventStore.js';
import type { RedactionOptions } from '../protocol/redaction.js';
import { EntryBuilder } from './entryBuilder.js';
import type { TimelineEntry } from './timelineEntry.js';

/** Options for reading a timeline. */
export interface TimelineReadOptions {
  /** Include every instance of the same chain (same correlation id), merged by time. */
  readonly chain?: boolean;
  /** Records per store round trip. */
  readonly pageSize?: number;
  /** Redaction per instance (a machine's secret keys). */
  readonly redactionFor?: (machineId: string) => RedactionOptions;
}

interface Member {
  readonly id: string;
  nextVersion: number;
  builder: EntryBuilder | undefined;
}

/**
 * Reads the timeline of one instance, or of its whole chain, incrementally: `read()` yields what was
 * appended since the last call, so the same reader serves a one-off listing and `--follow` polling.
 * Chains are merged by time with a k-way merge over each member's stream, so nothing is collected.
 */
export class ChainReader {
  private readonly members = new Map<string, Member>();
  private correlationId: string | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly instanceId: string,
    private readonly options: TimelineReadOptions = {},
  ) {}

  /** Yield every entry appended since the previous call, oldest first. */
  async *read(): AsyncGenerator<TimelineEntry> {
    await this.discover();
    const streams = [...this.members.values()].map((m) => ({
      member: m,
      it: this.streamOf(m)[Symbol.asyncIterator](),
    }));
    const heads: { member: Member; it: AsyncIterator<StepRecord>; record: StepRecord }[] = [];
    for (const s of streams) {
      const first = await s.it.next();
      if (first.done !== true) heads.push({ ...s, record: first.value });
    }
    while (heads.length > 0) {
      let min = 0;
      for (let i = 1; i < heads.length; i += 1) if (before(heads[i]!.record, heads[min]!.record)) min = i;
      const head = heads[min]!;
      yield this.toEntry(head.member, head.record);
      const next = await head.it.next();
      if (next.done === true) heads.splice(min, 1);
      else head.record = next.value;
    }
  }

  /** True when every member is finished with nothing in flight, so following can stop. */
  async settled(): Promise<boolean> {
    for (const m of this.members.values()) {
      const head = await this.store.readHead(m.id);
      if (head === undefined) return false;
      if (head.version >= m.nextVersion) return false;
      if (head.state.status === 'active' || head.pending.commands.length > 0) return false;
    }
    return this.members.size > 0;
  }

  private async discover(): Promise<void> {
    if (this.correlationId === undefined) {
      const head = await this.store.readHead(this.instanceId);
      if (head === undefined) {
        throw new InstanceNotFoundError(this.instanceId);
      }
      this.correlationId = head.links.correlationId;
      this.add(this.instanceId);
    }
    if (this.options.chain !== true) return;
    let cursor: string | undefined;
    do {
      const page = await this.store.listInstances({
        correlationId: this.correlationId,
        limit: 200,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const s of page.items) this.add(s.instanceId);
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  private add(id: string): void {
    if (!this.members.has(id)) this.members.set(id, { id, nextVersion: 1, builder: undefined });
  }

  private streamOf(member: Member): AsyncIterable<StepRecord> {
    return this.store.readStream(member.id, {
      fromVersion: member.nextVersion,
      ...(this.options.pageSize === undefined ? {} : { pageSize: this.options.pageSize }),
    });
  }

  private toEntry(member: Member, record: StepRecord): TimelineEntry {
    member.builder ??= new EntryBuilder(this.options.redactionFor?.(record.machine.id) ?? {});
    member.nextVersion = record.version + 1;
    return member.builder.next(record);
  }
}

function before(a: StepRecord, b: StepRecord): boolean {
  return (
    a.at < b.at || (a.at === b.at && (a.streamId < b.streamId || (a.streamId === b.streamId && a.version < b.version)))
  );
}
