import { describe, expect, it } from 'vitest';
import { parseRoute, type Route, routePath } from './router.svelte.ts';

describe('routes', () => {
  it('round-trips every page through its path, names with any characters included', () => {
    const routes: Route[] = [
      { page: 'overview' },
      { page: 'alerts' },
      { page: 'audit' },
      { page: 'brokers', cluster: 'prod eu' },
      { page: 'controller', cluster: 'prod' },
      { page: 'topics', cluster: 'prod' },
      { page: 'groups', cluster: 'prod' },
      { page: 'topic', cluster: 'prod', topic: 'orders.v1_x-y' },
      { page: 'messages', cluster: 'prod', topic: 'orders.v1_x-y' },
      { page: 'group', cluster: 'prod', group: '<img src=x onerror=alert(1)>/?#%' },
    ];
    for (const route of routes) expect(parseRoute(routePath(route))).toEqual(route);
  });
  it('keeps special characters out of the path structure', () => {
    expect(routePath({ page: 'group', cluster: 'c', group: 'a/b?c' })).toBe('/clusters/c/groups/a%2Fb%3Fc');
  });
  it('answers notFound for anything else', () => {
    for (const path of [
      '/nope',
      '/clusters',
      '/clusters/c',
      '/clusters/c/other',
      '/clusters/c/topics/t/x',
      '/clusters/c/topics/t/messages/x',
      '/clusters/c/groups/g/messages',
      '/%E0%A4%A',
    ])
      expect(parseRoute(path), path).toEqual({ page: 'notFound' });
  });
});
