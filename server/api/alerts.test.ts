import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlertsApi,
  type AlertView,
  type NewSilence,
  SilenceInputError,
  type SilenceView,
  type TimeRange,
} from '../../alerts/api.ts';
import { apiSource, NOW, prodSnapshot, T0 } from '../../test/support/api-app.ts';
import { buildApp } from '../http/index.ts';
import { createLogger } from '../shared/logger.ts';

const TOKEN = 'alerts-admin-token-0a1b2c3d4e';

/** A small, real implementation of the contract: silences kept in memory, calls recorded. */
class InTestAlerts implements AlertsApi {
  readonly calls: { method: string; args: unknown }[] = [];
  private readonly stored: SilenceView[] = [];
  private readonly active: AlertView[] = [
    {
      fingerprint: 'f1',
      rule: 'lag',
      state: 'firing',
      severity: 'critical',
      labels: { alertname: 'lag', cluster: 'prod', group: 'billing' },
      annotations: { summary: 'billing lags' },
      activeAt: T0,
      firedAt: T0 + 1000,
      silenced: false,
      value: 40,
      valueText: null,
    },
  ];

  alerts(filter?: { cluster?: string; state?: AlertView['state'] }) {
    this.calls.push({ method: 'alerts', args: filter });
    return this.active.filter((a) => !filter?.state || a.state === filter.state);
  }
  history(range: TimeRange & { cluster?: string }) {
    this.calls.push({ method: 'history', args: range });
    const { fingerprint, rule, severity, labels, annotations } = this.active[0]!;
    return [{ fingerprint, rule, severity, labels, annotations, firedAt: T0, resolvedAt: null }];
  }
  rules() {
    return [
      {
        name: 'lag',
        kind: 'consumer-lag',
        severity: 'critical' as const,
        forMs: 60_000,
        keepFiringForMs: 0,
        receivers: ['ops'],
        labels: {},
        annotations: {},
        params: { threshold: 1000, groups: ['.*'] },
      },
    ];
  }
  silences() {
    return this.stored;
  }
  createSilence(input: NewSilence): SilenceView {
    if (input.matchers.some((m) => m.isRegex && m.value === '('))
      throw new SilenceInputError('bad regex "("');
    const silence: SilenceView = {
      id: `s${this.stored.length + 1}`,
      matchers: input.matchers,
      startsAt: input.startsAt ?? NOW,
      endsAt: input.endsAt,
      createdBy: input.createdBy,
      comment: input.comment,
      status: 'active',
      createdAt: NOW,
      updatedAt: NOW,
    };
    this.stored.push(silence);
    return silence;
  }
  expireSilence(id: string) {
    const index = this.stored.findIndex((s) => s.id === id);
    if (index < 0) return undefined;
    this.stored[index] = { ...this.stored[index]!, status: 'expired' as const, endsAt: NOW };
    return this.stored[index];
  }
  receivers() {
    return [{ name: 'ops', channels: ['email', 'dingtalk'] }];
  }
  async testSend(receiver: string) {
    if (receiver !== 'ops') return undefined;
    return [
      {
        receiver,
        channel: 'email',
        ok: true,
        status: 'sent' as const,
        failure: null,
        attempts: 1,
        error: null,
      },
    ];
  }
  notifications(range: TimeRange) {
    this.calls.push({ method: 'notifications', args: range });
    return [
      {
        id: 1,
        time: T0,
        receiver: 'ops',
        channel: 'email',
        kind: 'firing' as const,
        alerts: 1,
        status: 'sent' as const,
        failure: null,
        attempts: 1,
        error: null,
      },
    ];
  }
}

describe('alerts routes', () => {
  let app: FastifyInstance;
  let bare: FastifyInstance;
  let off: FastifyInstance;
  const engine = new InTestAlerts();

  beforeAll(async () => {
    const deps = { logger: createLogger('fatal'), clusterStatus: () => [] };
    const source = apiSource(new Map([['prod', prodSnapshot()]]));
    app = await buildApp({ ...deps, api: { ...source, alerts: engine }, auth: { adminToken: TOKEN } });
    bare = await buildApp({ ...deps, api: source, auth: { adminToken: TOKEN } });
    off = await buildApp({ ...deps, api: { ...source, alertsEnabled: false }, auth: { adminToken: TOKEN } });
  });
  afterAll(async () => {
    await app.close();
    await bare.close();
    await off.close();
  });

  const send = async (options: InjectOptions, on = app) => {
    const response = await on.inject(options);
    return { status: response.statusCode, body: response.json() };
  };
  const admin = { authorization: `Bearer ${TOKEN}` };

  it('lists alerts, history, rules, notifications and receivers', async () => {
    const firing = await send({ method: 'GET', url: '/api/v1/alerts?state=firing&cluster=prod' });
    expect(firing.status).toBe(200);
    expect(firing.body.items).toEqual(engine.alerts());
    expect(engine.calls[0]).toEqual({ method: 'alerts', args: { state: 'firing', cluster: 'prod' } });

    const history = await send({ method: 'GET', url: `/api/v1/alerts/history?from=${T0}&limit=5` });
    expect(history.body.items[0]).toMatchObject({ fingerprint: 'f1', resolvedAt: null });
    expect(engine.calls.find((c) => c.method === 'history')?.args).toEqual({ from: T0, to: NOW, limit: 5 });

    expect((await send({ method: 'GET', url: '/api/v1/alerts/rules' })).body.items[0].params).toEqual({
      threshold: 1000,
      groups: ['.*'],
    });
    const notifications = await send({ method: 'GET', url: '/api/v1/alerts/notifications' });
    expect(notifications.body.items).toHaveLength(1);
    expect(engine.calls.find((c) => c.method === 'notifications')?.args).toEqual({
      from: NOW - 86_400_000,
      to: NOW,
      limit: 100,
    });
    expect((await send({ method: 'GET', url: '/api/v1/receivers' })).body).toEqual({
      items: [{ name: 'ops', channels: ['email', 'dingtalk'] }],
    });
  });

  it('creates and expires silences with the admin token only', async () => {
    const silence = {
      matchers: [{ name: 'cluster', value: 'prod', isRegex: false, isEqual: true }],
      endsAt: NOW + 3_600_000,
      createdBy: 'ann',
      comment: 'maintenance',
    };
    expect((await send({ method: 'POST', url: '/api/v1/silences', payload: silence })).status).toBe(401);
    const created = await send({ method: 'POST', url: '/api/v1/silences', payload: silence, headers: admin });
    expect(created).toMatchObject({ status: 201, body: { id: 's1', status: 'active', startsAt: NOW } });
    expect((await send({ method: 'GET', url: '/api/v1/silences' })).body.items).toHaveLength(1);

    const badRegex = {
      ...silence,
      matchers: [{ name: 'group', value: '(', isRegex: true, isEqual: true }],
    };
    const refused = await send({
      method: 'POST',
      url: '/api/v1/silences',
      payload: badRegex,
      headers: admin,
    });
    expect(refused).toMatchObject({ status: 400, body: { error: 'bad_silence', message: 'bad regex "("' } });
    const empty = await send({
      method: 'POST',
      url: '/api/v1/silences',
      payload: { ...silence, matchers: [] },
      headers: admin,
    });
    expect(empty).toMatchObject({ status: 400, body: { error: 'bad_body' } });
    expect(empty.body.message).toContain('matchers');

    const expired = await send({ method: 'DELETE', url: '/api/v1/silences/s1', headers: admin });
    expect(expired).toMatchObject({ status: 200, body: { id: 's1', status: 'expired' } });
    expect((await send({ method: 'DELETE', url: '/api/v1/silences/s9', headers: admin })).status).toBe(404);
  });

  it('test-sends to a receiver with the admin token', async () => {
    expect((await send({ method: 'POST', url: '/api/v1/receivers/ops/test' })).status).toBe(401);
    const sent = await send({ method: 'POST', url: '/api/v1/receivers/ops/test', headers: admin });
    expect(sent).toEqual({
      status: 200,
      body: {
        results: [
          {
            receiver: 'ops',
            channel: 'email',
            ok: true,
            status: 'sent',
            failure: null,
            attempts: 1,
            error: null,
          },
        ],
      },
    });
    expect((await send({ method: 'POST', url: '/api/v1/receivers/nope/test', headers: admin })).status).toBe(
      404,
    );
  });

  it.each([
    'GET /api/v1/alerts',
    'GET /api/v1/alerts/history',
    'GET /api/v1/alerts/rules',
    'GET /api/v1/alerts/notifications',
    'GET /api/v1/silences',
    'GET /api/v1/receivers',
    'DELETE /api/v1/silences/s1',
    'POST /api/v1/receivers/ops/test',
  ])('answers 503 alerts_unavailable to %s without an engine', async (route) => {
    const [method, url] = route.split(' ') as ['GET', string];
    const { status, body } = await send({ method, url, headers: admin }, bare);
    expect(status).toBe(503);
    expect(body.error).toBe('alerts_unavailable');
  });

  it('says whether alerting is on, for the UI to show', async () => {
    expect(await send({ method: 'GET', url: '/api/v1/alerts/status' })).toEqual({
      status: 200,
      body: { enabled: true, message: null },
    });
    const { status, body } = await send({ method: 'GET', url: '/api/v1/alerts/status' }, off);
    expect(status).toBe(200);
    expect(body).toEqual({ enabled: false, message: expect.stringContaining('alerts.enabled: false') });
  });

  it.each([
    'GET /api/v1/alerts',
    'GET /api/v1/alerts/notifications',
    'GET /api/v1/receivers',
    'POST /api/v1/receivers/ops/test',
  ])('answers %s with "alerts are off" when alerts.enabled is false', async (route) => {
    const [method, url] = route.split(' ') as ['GET', string];
    const { status, body } = await send({ method, url, headers: admin }, off);
    expect(status).toBe(503);
    expect(body).toEqual({
      error: 'alerts_disabled',
      message:
        'alerts are off (alerts.enabled: false in the configuration): no rules are evaluated and no notifications are sent',
    });
  });

  it.each([
    ['/api/v1/alerts?state=resolved', 'state'],
    ['/api/v1/alerts/history?from=5&to=1', 'from'],
    ['/api/v1/alerts/notifications?limit=0', 'limit'],
  ])('answers 400 for %s', async (url, param) => {
    const { status, body } = await send({ method: 'GET', url });
    expect(status).toBe(400);
    expect(body.message).toContain(param);
  });
});
