import { describe, expect, it } from 'vitest';
import { alert, notification } from '../../test/support/notifications.ts';
import { dingtalkMessage, dingtalkSummary } from './dingtalk.ts';
import { html, labelText, MAX_LISTED, markdown, plainText, slackMarkdown, title } from './render.ts';
import { slackMessage } from './slack.ts';
import { testNotification } from './test-notification.ts';
import { truncateBytes, wecomMessage } from './wecom.ts';

describe('title', () => {
  it('counts firing alerts and names the group labels, as Alertmanager', () => {
    expect(title(notification())).toBe(
      '[FIRING:2] KafkaIsrShrink cluster=prod severity=critical topic=orders',
    );
    const resolved = notification({
      alerts: [alert({ status: 'resolved', endsAt: Date.UTC(2026, 10, 21, 10, 5) })],
    });
    expect(title(resolved)).toMatch(/^\[RESOLVED\] KafkaIsrShrink /);
    expect(title(testNotification('ops', 'http://k'))).toBe(
      '[TEST] KestrelTestNotification receiver=ops severity=info',
    );
  });
});

describe('bodies', () => {
  const hostile = notification({
    alerts: [
      alert({
        labels: { alertname: 'KafkaLag', group: '<script>alert(1)</script>', topic: 'a&b' },
        annotations: { summary: 'lag "high" <b>', description: "it's *bold* [x](y)" },
      }),
    ],
  });

  it('escapes HTML in every label and annotation', () => {
    const out = html(hostile);
    expect(out).not.toContain('<script>');
    expect(out).toContain('group=&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('topic=a&amp;b');
    expect(out).toContain('lag &quot;high&quot; &lt;b&gt;');
    expect(out).toContain('it&#39;s');
    expect(out).toContain('<a href="http://kestrel.example:8048">');
  });

  it('plain text lists each alert with its labels, times and a link', () => {
    const out = plainText(notification());
    expect(out).toContain('[FIRING] ISR of orders-3 shrank to 1 of 3');
    expect(out).toContain('Broker 2 dropped out of the ISR of orders-3.');
    expect(out).toContain('cluster=prod partition=4 severity=critical topic=orders');
    expect(out).toContain('since 2026-11-21 10:00:00 UTC');
    expect(out).toContain('Kestrel: http://kestrel.example:8048');
  });

  it('Markdown escapes markup inside values and lists firing before resolved', () => {
    const out = markdown(hostile);
    expect(out).toContain("it's \\*bold\\* [x]\\(y)");
    const mixed = notification({
      alerts: [
        alert({ status: 'resolved', endsAt: Date.UTC(2026, 10, 21, 11), annotations: { summary: 'old' } }),
        alert({ annotations: { summary: 'new' } }),
      ],
    });
    const text = markdown(mixed);
    expect(text.indexOf('new')).toBeLessThan(text.indexOf('old'));
    expect(text).toContain('resolved 2026-11-21 11:00:00 UTC');
  });

  it('caps chat messages at MAX_LISTED alerts and counts the rest', () => {
    const many = notification({
      alerts: Array.from({ length: MAX_LISTED + 5 }, (_, i) => alert({ fingerprint: `f${i}` })),
    });
    expect(markdown(many)).toContain('… and 5 more');
    expect(markdown(many).match(/\[FIRING\]/g)).toHaveLength(MAX_LISTED);
  });

  it('Slack text escapes &, < and >', () => {
    expect(slackMarkdown.escape('<a&b>')).toBe('&lt;a&amp;b&gt;');
    const message = slackMessage(hostile);
    expect(JSON.stringify(message)).not.toContain('<script>');
    expect(message.blocks[1]?.text.text).toContain('&lt;script&gt;');
  });

  it('labelText sorts and leaves out alertname', () => {
    expect(labelText({ z: '1', alertname: 'X', a: '2' })).toBe('a=2 z=1');
  });
});

describe('DingTalk message', () => {
  it('puts the keyword in title and text when missing, once', () => {
    const m = dingtalkMessage('[FIRING:1] X', 'body', 'kafka-alert');
    expect(m.markdown.title).toBe('kafka-alert [FIRING:1] X');
    expect(m.markdown.text.startsWith('kafka-alert\n\n')).toBe(true);
    const already = dingtalkMessage('kafka-alert X', 'kafka-alert body', 'kafka-alert');
    expect(already.markdown).toEqual({ title: 'kafka-alert X', text: 'kafka-alert body' });
  });

  it('summarises merged notifications by title', () => {
    const { heading, text } = dingtalkSummary([notification(), notification()], 20);
    expect(heading).toBe('[Kestrel] 2 notifications merged');
    expect(text.match(/\[FIRING:2\] KafkaIsrShrink/g)).toHaveLength(2);
    expect(text).toContain('More than 20 messages a minute');
  });
});

describe('WeCom message', () => {
  it('keeps the content within 4096 bytes, cutting on a character boundary', () => {
    expect(wecomMessage('短').markdown.content).toBe('短');
    const long = '告警'.repeat(2000);
    const cut = truncateBytes(long, 4096);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(4096);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
  });
});
