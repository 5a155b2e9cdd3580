import type Database from 'better-sqlite3';

/** Rows per statement, largest first: a batch's rows are written in as few statements as fit. */
export const CHUNKS = [64, 16, 4, 1];

/** `count` placeholder rows of `width` values each, for a multi-row `VALUES` or an `IN` list (width 1). */
export function placeholderRows(count: number, width: number): string {
  const row = width === 1 ? '?' : `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return Array.from({ length: count }, () => row).join(', ');
}

/**
 * Statements over many rows at once (`INSERT ... VALUES (...), (...)`, `DELETE ... IN (...)`), prepared once
 * per shape and chunk size: the fixed cost of binding, running and resetting a statement was most of a
 * single-row write's.
 */
export class ChunkedStatements {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** Runs `sqlOf(count)` over all of `rows`, chunk by chunk; `push` appends one row's parameters. */
  run<T>(
    shape: string,
    rows: readonly T[],
    sqlOf: (count: number) => string,
    push: (values: unknown[], row: T) => void,
  ): void {
    let at = 0;
    for (const chunk of CHUNKS) {
      for (; rows.length - at >= chunk; at += chunk) {
        const values: unknown[] = [];
        for (let i = at; i < at + chunk; i += 1) push(values, rows[i]!);
        this.statement(shape, chunk, sqlOf).run(values);
      }
    }
  }

  private statement(shape: string, count: number, sqlOf: (count: number) => string): Database.Statement {
    const key = `${shape}:${count}`;
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(sqlOf(count));
      this.statements.set(key, statement);
    }
    return statement;
  }
}
