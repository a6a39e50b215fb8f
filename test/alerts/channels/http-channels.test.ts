// Each HTTP channel delivers to a real loopback receiver that checks what the real service
// checks: DingTalk and Feishu signatures and keyword, the webhook HMAC and payload shape,
// WeCom, Slack and Alertmanager payloads.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RENEW_INTERVAL_MS } from '../../../alerts/channels/alertmanager.ts';
import type { Notification } from '../../../alerts/channels/channel.ts';
import {
  type ChannelConfig,
  channelSchema,
  createChannel,
  deliver,
  deliveryPolicyOf,
  testNotification,
} from '../../../alerts/channels/index.ts';
import { createLogger } from '../../../server/shared/logger.ts';
import { alert, notification } from '../../support/notifications.ts';
import { type Handler, json, type Receiver, startReceiver } from './receivers.ts';
import { dingtalkRobot, feishuBot } from './vendors.ts';

const logger = createLogger('silent');
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(handler: Handler): Promise<Receiver> {
  const r = await startReceiver(handler);
  receivers.push(r);
  return r;
}

async function send(input: Record<string, unknown>, n: Notification = notification()) {
  const config: ChannelConfig = channelSchema.parse({ delivery: { retries: 0 }, ...input });
  const channel = createChannel(config, { logger });
  try {
    return await deliver(channel, n, deliveryPolicyOf(config));
  } finally {
    await channel.close?.();
  }
}

describe('DingTalk', () => {
  it('signature mode: the robot accepts the signed message', async () => {
    const robot = await receiver(dingtalkRobot({ accessToken: 'tok-123', secret: 'SECsigning-secret' }));
    const result = await send({
      type: 'dingtalk',
      url: `${robot.origin}/robot/send?access_token=tok-123`,
      secret: 'SECsigning-secret',
    });
    expect(result).toEqual({
      receiver: 'ops',
      channel: 'dingtalk',
      ok: true,
      status: 'sent',
      failure: null,
      attempts: 1,
      error: null,
    });
    const body = json(robot.requests[0]) as { markdown: { title: string; text: string } };
    expect(body.markdown.title).toBe('[FIRING:2] KafkaIsrShrink cluster=prod severity=critical topic=orders');
    expect(body.markdown.text).toContain('Broker 2 dropped out of the ISR of orders-3.');
  });

  it('signature mode: a wrong secret is refused by the robot and reported with its errcode, no secret', async () => {
    const robot = await receiver(dingtalkRobot({ accessToken: 'tok-123', secret: 'SECright' }));
    const result = await send({
      type: 'dingtalk',
      url: `${robot.origin}/robot/send?access_token=tok-123`,
      secret: 'SECwrong',
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^DingTalk errcode 310000: sign not match/);
    expect(result.error).not.toContain('tok-123');
    expect(result.error).not.toContain('SECwrong');
  });

  it('keyword mode: the keyword is in every message, including a test-send', async () => {
    const robot = await receiver(dingtalkRobot({ accessToken: 't', keyword: 'Kafka告警' }));
    const config = {
      type: 'dingtalk',
      url: `${robot.origin}/robot/send?access_token=t`,
      keyword: 'Kafka告警',
    };
    expect((await send(config)).ok).toBe(true);
    expect((await send(config, testNotification('ops', 'http://kestrel:8048'))).ok).toBe(true);
    expect(robot.requests).toHaveLength(2);
    // Without the keyword configured the robot refuses: the check is real.
    const refused = await send({ type: 'dingtalk', url: `${robot.origin}/robot/send?access_token=t` });
    expect(refused.error).toBe('DingTalk errcode 310000: keywords not in content');
  });
});

describe('Feishu', () => {
  it('the bot accepts the signed card', async () => {
    const bot = await receiver(feishuBot('hook-token-1', 'feishu-secret'));
    const result = await send({
      type: 'feishu',
      url: `${bot.origin}/open-apis/bot/v2/hook/hook-token-1`,
      secret: 'feishu-secret',
    });
    expect(result).toMatchObject({ ok: true, attempts: 1 });
    const body = json(bot.requests[0]) as {
      msg_type: string;
      card: { header: { title: { content: string } } };
    };
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header.title.content).toMatch(/^\[FIRING:2\] KafkaIsrShrink/);
  });

  it('a wrong secret is a failure carrying the code, naming neither the token nor the secret', async () => {
    const bot = await receiver(feishuBot('hook-token-1', 'feishu-secret'));
    const result = await send({
      type: 'feishu',
      url: `${bot.origin}/open-apis/bot/v2/hook/hook-token-1`,
      secret: 'other',
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^Feishu code 19021: sign match fail/);
    expect(result.error).not.toContain('hook-token-1');
  });
});

describe('webhook', () => {
  it('posts the Alertmanager v4 payload, signed over the raw body, with bearer and custom headers', async () => {
    const hook = await receiver(() => ({ status: 200, body: '' }));
    const resolvedAt = Date.UTC(2026, 10, 21, 10, 30);
    const n = notification({
      alerts: [alert(), alert({ fingerprint: 'ffff000011112222', status: 'resolved', endsAt: resolvedAt })],
    });
    const result = await send(
      {
        type: 'webhook',
        url: `${hook.origin}/hooks/kestrel`,
        secret: 'hmac-key',
        bearerToken: 'bearer-xyz',
        headers: { 'X-Team': 'kafka-ops' },
      },
      n,
    );
    expect(result).toMatchObject({ ok: true, channel: 'webhook' });
    const request = hook.requests[0]!;
    expect(request.url).toBe('/hooks/kestrel');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe('Bearer bearer-xyz');
    expect(request.headers['x-team']).toBe('kafka-ops');
    const expected = `sha256=${createHmac('sha256', 'hmac-key').update(request.body).digest('hex')}`;
    expect(request.headers['x-kestrel-signature']).toBe(expected);
    expect(JSON.parse(request.body)).toEqual({
      version: '4',
      groupKey: n.groupKey,
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'ops',
      groupLabels: n.groupLabels,
      commonLabels: n.commonLabels,
      commonAnnotations: {},
      externalURL: 'http://kestrel.example:8048',
      alerts: [
        {
          status: 'firing',
          labels: n.alerts[0]!.labels,
          annotations: n.alerts[0]!.annotations,
          startsAt: '2026-11-21T10:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://kestrel.example:8048/alerts?fingerprint=f1a2b3c4d5e6f708',
          fingerprint: 'f1a2b3c4d5e6f708',
        },
        {
          status: 'resolved',
          labels: n.alerts[1]!.labels,
          annotations: n.alerts[1]!.annotations,
          startsAt: '2026-11-21T10:00:00Z',
          endsAt: '2026-11-21T10:30:00Z',
          generatorURL: 'http://kestrel.example:8048/alerts?fingerprint=ffff000011112222',
          fingerprint: 'ffff000011112222',
        },
      ],
    });
  });

  it('maxAlerts truncates and counts the rest', async () => {
    const hook = await receiver(() => ({ body: '' }));
    await send({ type: 'webhook', url: `${hook.origin}/x`, maxAlerts: 1 });
    const body = json(hook.requests[0]) as { alerts: unknown[]; truncatedAlerts: number };
    expect(body.alerts).toHaveLength(1);
    expect(body.truncatedAlerts).toBe(1);
    expect(hook.requests[0]!.headers['x-kestrel-signature']).toBeUndefined();
  });
});

describe('WeCom', () => {
  it('posts a markdown message and checks errcode', async () => {
    const robot = await receiver((r) =>
      new URL(r.url, 'http://x').searchParams.get('key') === 'wkey'
        ? { body: { errcode: 0, errmsg: 'ok' } }
        : { body: { errcode: 93000, errmsg: 'invalid webhook url' } },
    );
    const ok = await send({ type: 'wecom', url: `${robot.origin}/cgi-bin/webhook/send?key=wkey` });
    expect(ok.ok).toBe(true);
    const body = json(robot.requests[0]) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('**[FIRING:2] KafkaIsrShrink');
    const bad = await send({ type: 'wecom', url: `${robot.origin}/cgi-bin/webhook/send?key=other-key` });
    expect(bad.error).toBe('WeCom errcode 93000: invalid webhook url');
  });
});

describe('Slack', () => {
  it('posts text and blocks; "ok" is success, anything else a failure naming the origin only', async () => {
    const slack = await receiver((r) =>
      r.url === '/services/T000/B000/XXXX' ? { body: 'ok' } : { status: 404, body: 'no_service' },
    );
    expect((await send({ type: 'slack', url: `${slack.origin}/services/T000/B000/XXXX` })).ok).toBe(true);
    const body = json(slack.requests[0]) as { text: string; blocks: { type: string }[] };
    expect(body.text).toMatch(/^\[FIRING:2\] KafkaIsrShrink/);
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section']);
    const bad = await send({ type: 'slack', url: `${slack.origin}/services/T000/B000/WRONG` });
    expect(bad.error).toBe(`POST ${slack.origin}/…: HTTP 404 no_service`);
  });
});

describe('Alertmanager forwarding', () => {
  it('posts v2 postable alerts to {url}/api/v2/alerts', async () => {
    const am = await receiver(() => ({ body: '' }));
    const resolvedAt = Date.UTC(2026, 10, 21, 10, 30);
    const n = notification({ alerts: [alert(), alert({ status: 'resolved', endsAt: resolvedAt })] });
    const result = await send({ type: 'alertmanager', url: `${am.origin}/`, bearerToken: 'am-token' }, n);
    expect(result).toMatchObject({ ok: true, channel: 'alertmanager' });
    const request = am.requests[0]!;
    expect(request.url).toBe('/api/v2/alerts');
    expect(request.headers.authorization).toBe('Bearer am-token');
    const posted = JSON.parse(request.body) as { endsAt: string }[];
    // A firing alert gets a lease of a few minutes, renewed while it fires.
    const lease = Date.parse(posted[0]!.endsAt) - Date.now();
    expect(lease).toBeGreaterThan(3 * 60_000);
    expect(lease).toBeLessThanOrEqual(4 * 60_000);
    expect(posted).toEqual([
      {
        labels: n.alerts[0]!.labels,
        annotations: n.alerts[0]!.annotations,
        startsAt: '2026-11-21T10:00:00Z',
        endsAt: posted[0]!.endsAt,
        generatorURL: 'http://kestrel.example:8048/alerts?fingerprint=f1a2b3c4d5e6f708',
      },
      {
        labels: n.alerts[1]!.labels,
        annotations: n.alerts[1]!.annotations,
        startsAt: '2026-11-21T10:00:00Z',
        endsAt: '2026-11-21T10:30:00Z',
        generatorURL: 'http://kestrel.example:8048/alerts?fingerprint=f1a2b3c4d5e6f708',
      },
    ]);
  });

  it('renews the lease of what still fires every minute, and stops once it is resolved', async () => {
    const am = await receiver(() => ({ body: '' }));
    let time = Date.UTC(2026, 10, 21, 10, 0);
    const timers: { ms: number; fn: () => void }[] = [];
    const clock = {
      now: () => time,
      setTimeout: (fn: () => void, ms: number) => timers.push({ ms, fn }),
      clearTimeout: () => {},
    };
    const config = channelSchema.parse({ type: 'alertmanager', url: am.origin });
    const channel = createChannel(config, { logger, clock });
    const endsAt = () => (JSON.parse(am.requests.at(-1)!.body) as { endsAt: string }[]).map((a) => a.endsAt);
    try {
      await channel.send(notification({ alerts: [alert()] }), AbortSignal.timeout(5000));
      expect(endsAt()).toEqual(['2026-11-21T10:04:00Z']);
      expect(timers.map((t) => t.ms)).toEqual([RENEW_INTERVAL_MS]);

      time += RENEW_INTERVAL_MS;
      timers.shift()!.fn();
      await expect.poll(() => am.requests.length).toBe(2);
      expect(endsAt()).toEqual(['2026-11-21T10:05:00Z']);
      await expect.poll(() => timers.length).toBe(1); // the next renewal

      const resolvedAt = time + 1000;
      await channel.send(
        notification({ kind: 'resolved', alerts: [alert({ status: 'resolved', endsAt: resolvedAt })] }),
        AbortSignal.timeout(5000),
      );
      expect(endsAt()).toEqual(['2026-11-21T10:01:01Z']);
      time += RENEW_INTERVAL_MS;
      // The renewal already scheduled finds nothing left to renew: it posts nothing (a post
      // would have called fetch before the callback returned) and schedules nothing.
      const fetches = vi.spyOn(globalThis, 'fetch');
      try {
        timers.shift()!.fn();
        expect(fetches).not.toHaveBeenCalled();
      } finally {
        fetches.mockRestore();
      }
      expect(am.requests).toHaveLength(3);
      expect(timers).toEqual([]);
    } finally {
      await channel.close?.();
    }
  });
});
