// EFAK's topic query, in the small dialect the message browser can answer: it becomes the
// browser's own form fields (and so the same API request), never anything run as SQL.
//
//   select * from "orders" where "partition" in (0,1) and value like '%x%' limit 100
//
// Conditions (joined with AND): "partition" in (…) / = n, "offset" >= n, key / value like
// '%text%' (contains), "timestamp" >= / <= epoch ms or 'ISO date', header 'name' [= 'value'].

export interface MessageForm {
  partitions: string;
  from: string;
  offset: string;
  timestamp: string;
  direction: string;
  limit: string;
  key: string;
  value: string;
  header: string;
  headerValue: string;
  transactions: string;
}

export type SqlResult =
  | { ok: true; topic: string; form: Partial<MessageForm> }
  | { ok: false; error: string };

type Token = { kind: 'word' | 'number' | 'string' | 'quoted' | 'symbol'; text: string };

function tokenize(sql: string): Token[] | string {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\d+)|'((?:[^']|'')*)'|"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_.]*)|(>=|<=|[=<>(),*;]))/y;
  let at = 0;
  while (at < sql.length) {
    if (/^\s*$/.test(sql.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(sql);
    if (!m) return `cannot read the query at "${sql.slice(at).trim().slice(0, 20)}"`;
    at = pattern.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'number', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'string', text: m[2].replaceAll("''", "'") });
    else if (m[3] !== undefined) tokens.push({ kind: 'quoted', text: m[3].replaceAll('""', '"') });
    else if (m[4] !== undefined) tokens.push({ kind: 'word', text: m[4].toLowerCase() });
    else tokens.push({ kind: 'symbol', text: m[5]! });
  }
  return tokens;
}

/** '%x%' → x: only "contains" can be answered. */
function likeText(pattern: string): string | null {
  const inner = pattern.replace(/^%/, '').replace(/%$/, '');
  return inner === '' || inner.includes('%') || inner.includes('_') ? null : inner;
}

export function parseMessageSql(sql: string): SqlResult {
  const tokens = tokenize(sql);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const fail = (error: string): SqlResult => ({ ok: false, error });
  const isWord = (t: Token | undefined, word: string) => t?.kind === 'word' && t.text === word;
  const isSymbol = (t: Token | undefined, symbol: string) => t?.kind === 'symbol' && t.text === symbol;
  const name = (t: Token | undefined) =>
    t && (t.kind === 'quoted' || t.kind === 'word') ? t.text.toLowerCase() : null;

  if (!isWord(next(), 'select') || !isSymbol(next(), '*')) return fail('start with: select * from "topic"');
  if (!isWord(next(), 'from')) return fail('expected from "topic" after select *');
  const topicToken = next();
  if (!topicToken || (topicToken.kind !== 'quoted' && topicToken.kind !== 'word'))
    return fail('expected a topic name after from');
  const form: Partial<MessageForm> = { from: 'earliest', direction: '' };

  if (isWord(peek(), 'where')) {
    next();
    do {
      const field = name(next());
      if (field === 'partition') {
        const op = next();
        if (isWord(op, 'in')) {
          if (!isSymbol(next(), '(')) return fail('expected ( after in');
          const ids: string[] = [];
          for (;;) {
            const n = next();
            if (n?.kind !== 'number') return fail('expected partition numbers in ( )');
            ids.push(n.text);
            const sep = next();
            if (isSymbol(sep, ')')) break;
            if (!isSymbol(sep, ',')) return fail('expected , or ) in the partition list');
          }
          form.partitions = ids.join(',');
        } else if (isSymbol(op, '=')) {
          const n = next();
          if (n?.kind !== 'number') return fail('expected a partition number');
          form.partitions = n.text;
        } else return fail('expected in (…) or = after "partition"');
      } else if (field === 'offset') {
        if (!isSymbol(next(), '>=')) return fail('only "offset" >= n is supported');
        const n = next();
        if (n?.kind !== 'number') return fail('expected an offset number');
        form.from = 'offset';
        form.offset = n.text;
      } else if (field === 'key' || field === 'value') {
        if (!isWord(next(), 'like')) return fail(`expected like '%text%' after ${field}`);
        const pattern = next();
        const text = pattern?.kind === 'string' ? likeText(pattern.text) : null;
        if (text === null) return fail(`only ${field} like '%text%' (contains) is supported`);
        form[field] = text;
      } else if (field === 'timestamp') {
        const op = next();
        const at = next();
        if (!at || (at.kind !== 'number' && at.kind !== 'string'))
          return fail('expected a time after "timestamp"');
        const ms = at.kind === 'number' ? Number(at.text) : Date.parse(at.text);
        if (Number.isNaN(ms)) return fail(`not a time: ${at.text}`);
        if (!isSymbol(op, '>=')) return fail('only "timestamp" >= time is supported');
        form.from = 'timestamp';
        form.timestamp = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
      } else if (field === 'header') {
        const header = next();
        if (header?.kind !== 'string') return fail("expected header 'name'");
        form.header = header.text;
        if (isSymbol(peek(), '=')) {
          next();
          const value = next();
          if (value?.kind !== 'string') return fail("expected header 'name' = 'value'");
          form.headerValue = value.text;
        }
      } else return fail('conditions can use "partition", "offset", key, value, "timestamp" and header');
    } while (isWord(peek(), 'and') && next());
  }
  if (isWord(peek(), 'limit')) {
    next();
    const n = next();
    if (n?.kind !== 'number') return fail('expected a number after limit');
    form.limit = n.text;
  }
  if (isSymbol(peek(), ';')) next();
  if (i < tokens.length) return fail(`unexpected "${tokens[i]!.text}"`);
  return { ok: true, topic: topicToken.text, form };
}
