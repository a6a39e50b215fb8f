import { describe, expect, it } from 'vitest';
import { BIG_TOPICS, bigSnapshot, pad, useApiApp } from '../../test/support/api-app.ts';
import { sortedTopicRows } from './views.ts';

const { big, getOk } = useApiApp();

interface PageBody {
  items: { name: string; lag: number | null; partitions: number; messageCount: number }[];
  total: number;
  page: number;
  pageSize: number;
}

const topicsOf = async (query: string): Promise<PageBody> => getOk(`/api/v1/clusters/big/topics?${query}`);
const names = (body: PageBody) => body.items.map((t) => t.name);
const allNames = Array.from({ length: BIG_TOPICS }, (_, i) => `t-${pad(i)}`);
const index = (name: string) => Number(name.slice(2));

describe('GET /api/v1/clusters/:cluster/topics on 600 topics', () => {
  it('pages by name by default, 50 a page', async () => {
    const first = await topicsOf('');
    expect(first.total).toBe(600);
    expect(first.page).toBe(1);
    expect(first.pageSize).toBe(50);
    expect(names(first)).toEqual(allNames.slice(0, 50));
    expect(names(await topicsOf('page=2'))).toEqual(allNames.slice(50, 100));
  });

  it('covers every topic once across pages, with a short last page and an empty one after it', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 86; page++) {
      const body = await topicsOf(`pageSize=7&page=${page}`);
      expect(body.items.length).toBe(page === 86 ? 5 : 7);
      seen.push(...names(body));
    }
    expect(seen).toEqual(allNames);
    expect(await topicsOf('pageSize=7&page=87')).toEqual({ items: [], total: 600, page: 87, pageSize: 7 });
    const max = await topicsOf('pageSize=500&page=2');
    expect(names(max)).toEqual(allNames.slice(500));
  });

  it('sorts by partitions with ties broken by name, in both orders', async () => {
    const asc = await topicsOf('sort=partitions&pageSize=100&page=2');
    // 150 topics have one partition (i%4==0): rows 100–149 are i=400…596, then two partitions from i=1.
    expect(names(asc)[0]).toBe('t-00400');
    expect(names(asc)[49]).toBe('t-00596');
    expect(names(asc)[50]).toBe('t-00001');
    expect(asc.items[50]!.partitions).toBe(2);

    const desc = await topicsOf('sort=partitions&order=desc&pageSize=3');
    expect(names(desc)).toEqual(['t-00003', 't-00007', 't-00011']);
    expect(desc.items.every((t) => t.partitions === 4)).toBe(true);
  });

  it('sorts by message count descending across page boundaries', async () => {
    const pages = [1, 2, 3].map((page) => topicsOf(`sort=messageCount&order=desc&pageSize=200&page=${page}`));
    const rows = (await Promise.all(pages)).flatMap((p) => p.items);
    const partitionsOf = (i: number) => (i % 4) + 1;
    const expected = [...allNames].sort((a, b) => {
      const ca = partitionsOf(index(a)) * (1000 + index(a));
      const cb = partitionsOf(index(b)) * (1000 + index(b));
      return cb - ca || (a < b ? -1 : 1);
    });
    expect(rows.map((r) => r.name)).toEqual(expected);
  });

  it('sorts by total consumer lag summed over groups, unknown lag last in either order', async () => {
    const desc = await topicsOf('sort=lag&order=desc&pageSize=32');
    expect(desc.items.slice(0, 3).map((t) => [t.name, t.lag])).toEqual([
      ['t-00029', 290],
      ['t-00028', 280],
      ['t-00027', 270],
    ]);
    expect(desc.items.slice(27).map((t) => [t.name, t.lag])).toEqual([
      ['t-00002', 20],
      ['t-00001', 15],
      ['t-00000', 5],
      ['t-00030', null],
      ['t-00031', null],
    ]);
    const asc = await topicsOf('sort=lag&order=asc&pageSize=4&page=8');
    expect(asc.items.map((t) => [t.name, t.lag])).toEqual([
      ['t-00028', 280],
      ['t-00029', 290],
      ['t-00030', null],
      ['t-00031', null],
    ]);
  });

  it('combines filters with paging', async () => {
    const urp = await topicsOf('underReplicated=true&q=T-001&pageSize=4&page=3');
    expect(urp.total).toBe(10);
    expect(names(urp)).toEqual(['t-00180', 't-00190']);
    expect((await topicsOf('underReplicated=false')).total).toBe(540);
    expect(names(await topicsOf('offline=true&sort=name&order=desc&pageSize=3'))).toEqual([
      't-00550',
      't-00500',
      't-00450',
    ]);
    expect((await topicsOf('offline=true')).total).toBe(12);
    expect((await topicsOf('internal=true')).total).toBe(6);
    expect((await topicsOf('internal=false&offline=true&underReplicated=true')).total).toBe(12);
    expect(names(await topicsOf('q=0059&internal=true'))).toEqual(['t-00599']);
  });

  it('sorts once per snapshot, column and order', () => {
    const first = sortedTopicRows(big, 'sizeBytes', 'desc');
    expect(sortedTopicRows(big, 'sizeBytes', 'desc')).toBe(first);
    expect(sortedTopicRows(bigSnapshot(), 'sizeBytes', 'desc')).not.toBe(first);
    expect(sortedTopicRows(bigSnapshot(), 'sizeBytes', 'desc')).toEqual(first);
  });
});

describe('GET /api/v1/clusters/:cluster/groups', () => {
  const groupsOf = async (query: string) => getOk(`/api/v1/clusters/big/groups?${query}`);
  const ids = (body: { items: { id: string }[] }) => body.items.map((g) => g.id);

  it('pages by id by default and sorts by lag descending', async () => {
    const first = await groupsOf('pageSize=2');
    expect(first.total).toBe(31);
    expect(ids(first)).toEqual(['g-00000', 'g-00001']);
    const byLag = await groupsOf('sort=lag&order=desc&pageSize=3');
    expect(byLag.items.map((g: { id: string; lag: number }) => [g.id, g.lag])).toEqual([
      ['g-00029', 290],
      ['g-00028', 280],
      ['g-00027', 270],
    ]);
    // g-00001 and g-extra tie on 10: the id decides.
    expect(ids(await groupsOf('sort=lag&pageSize=3'))).toEqual(['g-00000', 'g-00001', 'g-extra']);
  });

  it('sorts by time lag, with ties by id', async () => {
    // Every group's time lag is 1.5 s except g-00000 (caught up: 0).
    expect(ids(await groupsOf('sort=timeLagSeconds&order=desc&pageSize=2'))).toEqual(['g-00001', 'g-00002']);
    expect(ids(await groupsOf('sort=timeLagSeconds&pageSize=2'))).toEqual(['g-00000', 'g-00001']);
  });

  it('sorts status by severity and filters by state and status', async () => {
    expect(ids(await groupsOf('sort=status&order=desc&pageSize=2'))).toEqual(['g-00002', 'g-00005']);
    const errEmpty = await groupsOf('status=ERR&state=Empty');
    expect(ids(errEmpty)).toEqual(['g-00008', 'g-00020']);
    expect((await groupsOf('state=Stable')).total).toBe(23);
    expect(ids(await groupsOf('q=EXTRA'))).toEqual(['g-extra']);
  });
});
