import type { Database, Statement } from 'better-sqlite3';

export type Value = number | string | null;

/**
 * Buffers rows and inserts them many per statement: each statement call crosses from JS
 * into SQLite once, and at thousands of rows per cycle that crossing is half the cost.
 * Call flush() before the transaction commits and discard() when it rolls back.
 */
export class BatchInsert {
  private readonly many: Statement<[Value[]]>;
  private readonly one: Statement<[Value[]]>;
  private readonly buffer: Value[] = [];
  private readonly width: number;

  constructor(
    db: Database,
    table: string,
    columns: readonly string[],
    private readonly rowsPerStatement = 64,
  ) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const into = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.many = db.prepare<[Value[]]>(into + Array(rowsPerStatement).fill(row).join(', '));
    this.one = db.prepare<[Value[]]>(into + row);
    this.width = columns.length;
  }

  add(...values: Value[]): void {
    if (values.length !== this.width) throw new Error(`expected ${this.width} values, got ${values.length}`);
    this.buffer.push(...values);
    if (this.buffer.length === this.width * this.rowsPerStatement) {
      this.many.run(this.buffer);
      this.buffer.length = 0;
    }
  }

  flush(): void {
    for (let i = 0; i < this.buffer.length; i += this.width)
      this.one.run(this.buffer.slice(i, i + this.width));
    this.buffer.length = 0;
  }

  discard(): void {
    this.buffer.length = 0;
  }
}
