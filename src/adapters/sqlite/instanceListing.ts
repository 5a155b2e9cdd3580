import type Database from 'better-sqlite3';
import type { InstanceSummary } from '../../core/stepRecord.js';
import type { ListInstancesQuery, Page } from '../../ports/eventStore.js';
import { decodeListingCursor, encodeListingCursor } from '../storeQueries.js';
import { SUMMARY_COLUMNS, summaryOfRow, type SummaryRow } from './instanceSummaryRow.js';

/**
 * Below this many instances changed since `updatedSince`, a listing reads them through the update-time
 * index and sorts them; above it, it walks the start-order index and skips the others, which then
 * takes a short walk per page because they are common.
 */
const FEW_RECENT = 1000;

/**
 * `ls` over the `instances` table, newest start first. A cursor is the last row's (start time, id),
 * and the next page is a range query that seeks to it in the start-order index (or the machine,
 * status, correlation or source index, which share that order), so page 2,000 costs what page 1 does.
 */
export class SqliteInstanceListing {
  private readonly statements = new Map<string, Database.Statement<unknown[], SummaryRow>>();
  private readonly countRecent: Database.Statement<[number, number], { n: number }>;

  constructor(private readonly db: Database.Database) {
    this.countRecent = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM instances WHERE updated_at >= ? LIMIT ?)');
  }

  page(query: ListInstancesQuery): Page<InstanceSummary> {
    const { sql, args } = this.select(query);
    const limit = query.limit ?? 50;
    const rows = this.statement(sql).all(...args, limit + 1);
    const items = rows.slice(0, limit).map(summaryOfRow);
    const last = items[items.length - 1];
    return rows.length > limit && last !== undefined ? { items, cursor: encodeListingCursor(last) } : { items };
  }

  /** SQLite's plan for the page `query` asks for, one line per step (`SEARCH … USING INDEX …`). */
  explain(query: ListInstancesQuery): string[] {
    const { sql, args } = this.select(query);
    return this.db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...args, (query.limit ?? 50) + 1)
      .map((row) => row.detail);
  }

  private select(query: ListInstancesQuery): { sql: string; args: (string | number)[] } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const filter = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    filter('machine_id = ?', query.machineId);
    filter('status = ?', query.status);
    filter('correlation_id = ?', query.correlationId);
    filter('updated_at >= ?', query.updatedSince);
    // The column of the `instances_by_source` index, so a listing of one source seeks to its rows.
    filter('source = ?', query.source);
    // Outcomes are rare filters over the summary each row already holds: no index of their own.
    filter("json_extract(summary, '$.outcome.result') = ?", query.outcome);
    filter(
      "coalesce(json_extract(summary, '$.settled'), 0) = ?",
      query.settled === undefined ? undefined : +query.settled,
    );
    if (query.cursor !== undefined) {
      const after = decodeListingCursor(query.cursor);
      // `started_at <= ?` is the range the index seeks by; the OR only trims ties on the start time.
      where.push('started_at <= ? AND (started_at < ? OR stream_id > ?)');
      args.push(after.startedAt, after.startedAt, after.instanceId);
    }
    const recentOnly =
      query.source === undefined &&
      query.updatedSince !== undefined &&
      this.countRecent.get(query.updatedSince, FEW_RECENT)!.n < FEW_RECENT;
    // One source's instances are read from its index, whatever other filters narrow them further.
    const index = query.source !== undefined ? 'instances_by_source' : recentOnly ? 'instances_by_update' : undefined;
    const sql =
      `SELECT ${SUMMARY_COLUMNS} FROM instances ${index === undefined ? '' : `INDEXED BY ${index} `}` +
      `${where.length > 0 ? `WHERE ${where.join(' AND ')} ` : ''}ORDER BY started_at DESC, stream_id LIMIT ?`;
    return { sql, args };
  }

  /** Filters combine into a few dozen distinct statements at most; each is prepared once. */
  private statement(sql: string): Database.Statement<unknown[], SummaryRow> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[], SummaryRow>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
