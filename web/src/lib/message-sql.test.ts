import { describe, expect, it } from 'vitest';
import { parseMessageSql } from './message-sql.ts';

describe("EFAK's topic query", () => {
  it('maps partitions, a value filter and a limit onto the browser form', () => {
    expect(
      parseMessageSql(`select * from "orders" where "partition" in (0,1) and value like '%x%' limit 100`),
    ).toEqual({
      ok: true,
      topic: 'orders',
      form: { from: 'earliest', direction: '', partitions: '0,1', value: 'x', limit: '100' },
    });
  });

  it('reads offsets, keys, headers and quotes inside strings', () => {
    const result = parseMessageSql(
      `SELECT * FROM "a.b" WHERE "partition" = 2 AND "offset" >= 500 AND key LIKE '%it''s%' AND header 'trace' = 'abc';`,
    );
    expect(result).toEqual({
      ok: true,
      topic: 'a.b',
      form: {
        from: 'offset',
        direction: '',
        partitions: '2',
        offset: '500',
        key: "it's",
        header: 'trace',
        headerValue: 'abc',
      },
    });
  });

  it('starts at a time given as epoch milliseconds', () => {
    const result = parseMessageSql(`select * from t where "timestamp" >= 1767225600000`);
    expect(result.ok && result.form.from).toBe('timestamp');
    expect(result.ok && new Date(result.form.timestamp!).getTime()).toBe(1767225600000);
  });

  it('says what it cannot answer instead of guessing', () => {
    for (const [sql, error] of [
      ['delete from orders', /select \* from/],
      [`select * from t where value like '%a%b%'`, /contains/],
      [`select * from t where "offset" < 5`, /offset" >= n/],
      [`select * from t limit x`, /number after limit/],
      [`select * from t where nope = 1`, /conditions can use/],
      [`select * from t limit 5 order by offset`, /unexpected "order"/],
    ] as const) {
      const result = parseMessageSql(sql);
      expect(result.ok, sql).toBe(false);
      if (!result.ok) expect(result.error, sql).toMatch(error);
    }
  });
});
