// The email channel against a real SMTP server: plain SMTP with AUTH, STARTTLS verified
// against a certificate made at test time, implicit TLS, and the failures an operator meets.

import { type AddressInfo, createServer, type Socket } from 'node:net';
import type { SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  channelSchema,
  createChannel,
  deliver,
  deliveryPolicyOf,
  testNotification,
} from '../../../alerts/channels/index.ts';
import { freePort } from '../../../local-kafka/ports.ts';
import { createLogger } from '../../../server/shared/logger.ts';
import { alert, notification } from '../../support/notifications.ts';
import { type Mailbox, parseMail, type SelfSigned, selfSignedCert, startMailbox } from './smtp.ts';

const logger = createLogger('silent');
const mailboxes: Mailbox[] = [];
let tls: SelfSigned;

beforeAll(() => {
  tls = selfSignedCert();
});
afterAll(() => tls?.remove());
afterEach(async () => {
  await Promise.all(mailboxes.splice(0).map((m) => m.close()));
});

async function mailbox(options: Parameters<typeof startMailbox>[0]): Promise<Mailbox> {
  const m = await startMailbox(options);
  mailboxes.push(m);
  return m;
}

/** An SMTP AUTH check that accepts one user; a wrong password gets the usual 535 reply. */
const auth = (user: string, pass: string): Pick<SMTPServerOptions, 'onAuth'> => ({
  onAuth(a, _session, cb) {
    if (a.username === user && a.password === pass) cb(null, { user });
    else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
  },
});

async function sendMail(input: Record<string, unknown>, n = notification()) {
  const config = channelSchema.parse({
    type: 'email',
    host: '127.0.0.1',
    from: 'Kestrel <kestrel@example.com>',
    to: ['oncall@example.com', 'kafka-team@example.com'],
    delivery: { retries: 0, timeout: '5s' },
    ...input,
  });
  const channel = createChannel(config, { logger });
  try {
    return await deliver(channel, n, deliveryPolicyOf(config));
  } finally {
    await channel.close?.();
  }
}

describe('email', () => {
  it('plain SMTP with AUTH: subject, plain text and escaped HTML arrive', async () => {
    const box = await mailbox({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      ...auth('kestrel', 'pw-123'),
    });
    const n = notification({
      alerts: [alert({ labels: { ...alert().labels, group: '<img src=x onerror=alert(1)>' } })],
    });
    const result = await sendMail(
      { port: box.port, requireTLS: false, username: 'kestrel', password: 'pw-123' },
      n,
    );
    expect(result).toEqual({
      receiver: 'ops',
      channel: 'email',
      ok: true,
      status: 'sent',
      failure: null,
      attempts: 1,
      error: null,
    });
    expect(box.mails).toHaveLength(1);
    const mail = box.mails[0]!;
    expect(mail.user).toBe('kestrel');
    expect(mail.secure).toBe(false);
    expect(mail.from).toBe('kestrel@example.com');
    expect(mail.to).toEqual(['oncall@example.com', 'kafka-team@example.com']);
    const parsed = parseMail(mail.raw);
    expect(parsed.headers.subject).toBe(
      '[FIRING:1] KafkaIsrShrink cluster=prod severity=critical topic=orders',
    );
    expect(parsed.text).toContain('[FIRING] ISR of orders-3 shrank to 1 of 3');
    expect(parsed.text).toContain('Broker 2 dropped out of the ISR of orders-3.');
    expect(parsed.html).toContain('<h2');
    expect(parsed.html).toContain('group=&lt;img src=x onerror=alert(1)&gt;');
    expect(parsed.html).not.toContain('<img');
  });

  it('STARTTLS with AUTH, the server certificate verified against caFile', async () => {
    const box = await mailbox({ key: tls.key, cert: tls.cert, ...auth('kestrel', 'pw-tls') });
    const result = await sendMail(
      { port: box.port, username: 'kestrel', password: 'pw-tls', caFile: tls.certFile },
      testNotification('ops', 'http://kestrel:8048'),
    );
    expect(result.ok).toBe(true);
    expect(box.mails[0]!.secure).toBe(true);
    expect(parseMail(box.mails[0]!.raw).headers.subject).toBe(
      '[TEST] KestrelTestNotification receiver=ops severity=info',
    );
  });

  it('implicit TLS (secure: true)', async () => {
    const box = await mailbox({ secure: true, key: tls.key, cert: tls.cert, authOptional: true });
    const result = await sendMail({ port: box.port, secure: true, caFile: tls.certFile });
    expect(result.ok).toBe(true);
    expect(box.mails[0]!.secure).toBe(true);
  });

  it('refuses to send in clear when STARTTLS is required but not offered', async () => {
    const box = await mailbox({ disabledCommands: ['STARTTLS'], authOptional: true });
    const result = await sendMail({ port: box.port });
    expect(result.ok).toBe(false);
    expect(result.error).toContain(`smtp://127.0.0.1:${box.port}`);
    expect(box.mails).toHaveLength(0);
  });

  it('refuses an untrusted certificate unless told otherwise', async () => {
    const box = await mailbox({ key: tls.key, cert: tls.cert, authOptional: true });
    const refused = await sendMail({ port: box.port });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/certificate/i);
    expect((await sendMail({ port: box.port, insecureSkipVerify: true })).ok).toBe(true);
  });

  it('a wrong password fails with the server reply, never the password', async () => {
    const box = await mailbox({ key: tls.key, cert: tls.cert, ...auth('kestrel', 'right') });
    const result = await sendMail({
      port: box.port,
      caFile: tls.certFile,
      username: 'kestrel',
      password: 'wrong-pw-9',
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Invalid username or password/);
    expect(result.error).not.toContain('wrong-pw-9');
    // 535 is a permanent reply: trying the same password again cannot help.
    expect(result).toMatchObject({ failure: 'permanent', attempts: 1 });
  });

  it('SMTP 5xx is permanent and attempted once; 4xx is transient and retried', async () => {
    const rcpts: string[] = [];
    const refusing = (responseCode: number): Pick<SMTPServerOptions, 'onRcptTo'> => ({
      onRcptTo(address, _session, cb) {
        rcpts.push(address.address);
        cb(Object.assign(new Error(`${responseCode} mailbox says no`), { responseCode }));
      },
    });
    const policy = { retries: 2, timeout: '5s', backoff: 10, maxBackoff: 20 };
    const permanent = await mailbox({ authOptional: true, disabledCommands: ['STARTTLS'], ...refusing(550) });
    const refused = await sendMail({
      port: permanent.port,
      requireTLS: false,
      to: ['nobody@example.com'],
      delivery: policy,
    });
    expect(refused).toMatchObject({ ok: false, status: 'failed', failure: 'permanent', attempts: 1 });
    expect(rcpts).toEqual(['nobody@example.com']);

    rcpts.length = 0;
    const transient = await mailbox({ authOptional: true, disabledCommands: ['STARTTLS'], ...refusing(451) });
    const later = await sendMail({
      port: transient.port,
      requireTLS: false,
      to: ['busy@example.com'],
      delivery: policy,
    });
    expect(later).toMatchObject({ ok: false, status: 'failed', failure: 'retryable', attempts: 3 });
    expect(rcpts).toEqual(['busy@example.com', 'busy@example.com', 'busy@example.com']);
  });

  it('an SMTP server that never greets: each attempt times out, the delivery fails, nothing hangs', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const started = performance.now();
      const result = await sendMail({
        port,
        requireTLS: false,
        delivery: { retries: 1, timeout: 300, backoff: 10, maxBackoff: 10 },
      });
      expect(result).toMatchObject({ ok: false, attempts: 2, error: 'timed out after 300 ms' });
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('a closed SMTP port fails with the connection error', async () => {
    const port = await freePort();
    const result = await sendMail({ port, requireTLS: false });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(new RegExp(`^smtp://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    expect(result.failure).toBe('retryable');
  });
});
