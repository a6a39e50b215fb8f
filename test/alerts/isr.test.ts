// End to end on a real 3-node KRaft cluster and the real Kestrel process, with the default
// poll interval: a killed broker → an ISR-shrink notification naming it, on a webhook, a
// DingTalk robot (signature + keyword checked as DingTalk does) and a real SMTP mailbox
// (STARTTLS, AUTH); Kestrel restarted while it fires → no duplicate anywhere; the broker
// back → the resolved notification everywhere.
import type { SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, withAdmin } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';
import {
  type Receiver as RobotReceiver,
  type Received as RobotRequest,
  startReceiver as startRobot,
} from './channels/receivers.ts';
import {
  type Mailbox,
  type ParsedMail,
  parseMail,
  type SelfSigned,
  selfSignedCert,
  startMailbox,
} from './channels/smtp.ts';
import { dingtalkRobot } from './channels/vendors.ts';
import { type Receiver, startReceiver } from './receiver.ts';

const TOPIC = 'payments';
const PARTITIONS = ['0', '1', '2'];
const ROBOT = { accessToken: 'e2e-robot-token', secret: 'SECe2e-signing-secret', keyword: 'Kafka告警' };
const SMTP = { user: 'kestrel', password: 'e2e-smtp-pw' };

/** An SMTP AUTH check for the one user Kestrel logs in as. */
const smtpAuth: Pick<SMTPServerOptions, 'onAuth'> = {
  onAuth(auth, _session, callback) {
    if (auth.username === SMTP.user && auth.password === SMTP.password) callback(null, { user: SMTP.user });
    else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
  },
};

interface RobotMessage {
  at: number;
  title: string;
  text: string;
}

describe('ISR-shrink alert on a real 3-node cluster', () => {
  let kafka: KafkaCluster;
  let hook: Receiver;
  let robot: RobotReceiver;
  let mailbox: Mailbox;
  let kestrel: KestrelProcess | undefined;
  let config: Record<string, unknown>;
  let victim: number;
  let tls: SelfSigned | undefined;

  beforeAll(async () => {
    tls = selfSignedCert();
    [kafka, hook, robot, mailbox] = await Promise.all([
      startCluster({ brokers: 3 }),
      startReceiver(),
      startRobot(dingtalkRobot(ROBOT)),
      startMailbox({ key: tls.key, cert: tls.cert, ...smtpAuth }),
    ]);
    await createTopics(kafka, [
      {
        topic: TOPIC,
        numPartitions: 3,
        replicationFactor: 3,
        configEntries: [{ name: 'min.insync.replicas', value: '2' }],
      },
    ]);
    // Kill a broker that is not the controller, so the cluster keeps answering at once.
    const controller = await withAdmin(kafka, async (admin) => (await admin.describeCluster()).controller);
    victim = kafka.brokers.map((b) => b.id).find((id) => id !== controller)!;
    // The built-in rules (IsrShrink has `for: 0`) and the default poll interval (15 s) and
    // groupWait; a short groupInterval so the resolution is not held back for 5 minutes.
    config = {
      logLevel: 'info',
      clusters: [{ name: 'e2e', brokers: kafka.bootstrap }],
      alerts: {
        externalUrl: 'http://kestrel.example:8048',
        receivers: [
          {
            name: 'oncall',
            channels: [
              { type: 'webhook', url: hook.url },
              {
                type: 'dingtalk',
                url: `${robot.origin}/robot/send?access_token=${ROBOT.accessToken}`,
                secret: ROBOT.secret,
                keyword: ROBOT.keyword,
              },
              {
                type: 'email',
                host: '127.0.0.1',
                port: mailbox.port,
                // STARTTLS (required by default), the server certificate checked against its CA.
                caFile: tls.certFile,
                username: SMTP.user,
                password: SMTP.password,
                from: 'Kestrel <kestrel@example.com>',
                to: ['oncall@example.com'],
              },
            ],
          },
        ],
        route: { groupInterval: '10s' },
      },
    };
    kestrel = await startKestrel({ config });
    await waitReady(kestrel);
  });
  afterAll(async () => {
    await kestrel?.stop();
    await Promise.all([kafka?.stop(), hook?.close(), robot?.close(), mailbox?.close()]);
    tls?.remove();
  });

  it('notifies the shrink within the figure, naming the broker; a restart does not repeat it; recovery resolves it', async () => {
    // A healthy cluster raises nothing.
    expect(hook.requests).toEqual([]);
    expect(robot.requests).toEqual([]);
    expect(mailbox.mails).toEqual([]);

    // Date.now() for the webhook receiver, performance.now() for the robot and the mailbox.
    const killedAt = Date.now();
    const killedAtPerf = performance.now();
    await kafka.killBroker(victim);
    const [firing] = await eventually(
      async () => nonEmpty(hook.matching('IsrShrink', 'firing')),
      90_000,
      'the IsrShrink notification',
    );
    const [firstMessage] = await eventually(
      async () => nonEmpty(robotMessages()),
      30_000,
      'the DingTalk message',
    );
    const [firstMail] = await eventually(async () => nonEmpty(mails()), 30_000, 'the email');
    const seconds = (firing!.at - killedAt) / 1000;
    const dingtalkSeconds = (firstMessage!.at - killedAtPerf) / 1000;
    const mailboxSeconds = (firstMail!.at - killedAtPerf) / 1000;
    // The figure: killBroker → notification, default poll interval, `for: 0`.
    console.log(
      JSON.stringify({
        figure: 'killBroker→ISR-shrink notification',
        seconds: { webhook: seconds, dingtalk: dingtalkSeconds, mailbox: mailboxSeconds },
        pollInterval: '15s',
        for: 0,
      }),
    );
    // Every partition shrinks in the same metadata update; should a poll straddle it, the rest
    // follows as an update after groupInterval.
    const allShrunk = await eventually(
      async () => {
        const last = hook.matching('IsrShrink', 'firing').at(-1)!;
        const shrunk = last.body.alerts.filter((a) => a.labels.alertname === 'IsrShrink');
        return shrunk.length === 3 ? shrunk : undefined;
      },
      30_000,
      'all three partitions in the notification',
    );
    expect(allShrunk.map((a) => a.labels.partition).sort()).toEqual(['0', '1', '2']);
    for (const alert of allShrunk) {
      expect(alert.labels).toMatchObject({ cluster: 'e2e', topic: TOPIC, severity: 'warning' });
      expect(alert.annotations.summary).toContain(`broker ${victim} out of sync`);
      expect(alert.annotations.description).toMatch(
        new RegExp(`broker\\(s\\) ${victim} dropped out of the ISR`),
      );
    }
    expect(seconds).toBeLessThan(60);
    expect(dingtalkSeconds).toBeLessThan(60);
    expect(mailboxSeconds).toBeLessThan(60);

    // DingTalk and the mailbox say the same: the last firing message lists the three
    // partitions and the broker that dropped out.
    const subject = `[FIRING:3] IsrShrink cluster=e2e severity=warning topic=${TOPIC}`;
    const message = await eventually(
      async () => robotMessages().find((m) => m.title === `${ROBOT.keyword} ${subject}`),
      30_000,
      'the DingTalk message with all three partitions',
    );
    const mail = await eventually(
      async () => mails().find((m) => m.headers.subject === subject),
      30_000,
      'the email with all three partitions',
    );
    expect(message.text.startsWith(`${ROBOT.keyword}\n\n**${subject}**`)).toBe(true);
    expect(mail.headers.to).toBe('oncall@example.com');
    for (const partition of PARTITIONS) {
      const named = `ISR of ${TOPIC}-${partition} shrank: broker ${victim} out of sync`;
      const dropped = new RegExp(
        `Partition ${TOPIC}-${partition} .* broker\\(s\\) ${victim} dropped out of the ISR`,
      );
      expect(message.text).toContain(`**[FIRING]** ${named}`);
      expect(message.text).toMatch(dropped);
      expect(mail.text).toContain(`[FIRING] ${named}`);
      expect(mail.text).toMatch(dropped);
      expect(mail.html).toContain(named);
    }
    // Every DingTalk request passed the robot's signature and keyword checks; every mail went
    // over STARTTLS as the configured user.
    expect(robot.requests.map((r) => errcode(r))).toEqual(robot.requests.map(() => 0));
    expect(mailbox.mails.every((m) => m.secure && m.user === SMTP.user)).toBe(true);

    // Partitions may rejoin the ISR across two polls; the notification sent in between still
    // fires for the rest but carries the resolution. "Fired again" means firing with nothing
    // resolved in it: their count must not change after the restart and the recovery.
    const firedAgain = () =>
      hook
        .matching('IsrShrink', 'firing')
        .filter(
          (r) => !r.body.alerts.some((a) => a.labels.alertname === 'IsrShrink' && a.status === 'resolved'),
        ).length;
    const purelyFiring = (messages: { title: string; text: string }[]) =>
      messages.filter((m) => m.title.includes('[FIRING:') && !m.text.includes('[RESOLVED]')).length;
    const firingNotifications = firedAgain();
    const firingMessages = purelyFiring(robotMessages());
    const firingMails = purelyFiring(mails().map((m) => ({ title: m.headers.subject ?? '', text: m.text })));

    // Restart Kestrel on the same data while the alert fires: no second firing notification.
    await kestrel!.stop();
    // Other alerts (BrokerDown) notify too: what counts is that nothing arrives after the restart.
    const before = { hook: hook.requests.length, robot: robot.requests.length, mails: mailbox.mails.length };
    kestrel = await startKestrel({ config, dataDir: kestrel!.dataDir });
    await waitReady(kestrel);
    // Three poll cycles of the new process: its first evaluation, groupWait (5 s) and the next
    // two, in which a restart that forgot what it had sent would send again.
    await eventually(
      async () => ((await pollCycles(kestrel!)) >= 3 ? true : undefined),
      120_000,
      'three poll cycles of the restarted Kestrel',
    );
    expect(hook.requests.slice(before.hook)).toEqual([]);
    expect(robot.requests.slice(before.robot)).toEqual([]);
    expect(mailbox.mails.slice(before.mails)).toEqual([]);
    // The restarted process knows the alerts it took over.
    const metrics = await (await fetch(`${kestrel.url}/metrics`)).text();
    expect(metrics).toContain(
      'kestrel_alerts_firing{cluster="e2e",alertname="IsrShrink",severity="warning"} 3',
    );

    await kafka.startBroker(victim);
    // Partitions rejoin as the follower catches up, maybe across two polls: every one is resolved.
    await eventually(
      async () => {
        const partitions = new Set(
          hook
            .matching('IsrShrink', 'resolved')
            .flatMap((r) => r.body.alerts)
            .filter((a) => a.labels.alertname === 'IsrShrink' && a.status === 'resolved')
            .map((a) => a.labels.partition),
        );
        return partitions.size === 3 ? partitions : undefined;
      },
      90_000,
      'resolved notifications for the three partitions',
    );
    expect(hook.matching('IsrShrink', 'resolved').at(-1)!.body.status).toBe('resolved');
    expect(firedAgain()).toBe(firingNotifications);

    // The same resolutions reach DingTalk and the mailbox, and nothing fired again there.
    const resolvedIn = (texts: string[], mark: RegExp) =>
      new Set(texts.flatMap((t) => [...t.matchAll(mark)].map((m) => m[1]!)));
    const robotMark = new RegExp(
      `\\*\\*\\[RESOLVED\\]\\*\\* ISR of ${TOPIC}-(\\d+) shrank: broker ${victim} `,
      'g',
    );
    const mailMark = new RegExp(`\\[RESOLVED\\] ISR of ${TOPIC}-(\\d+) shrank: broker ${victim} `, 'g');
    await eventually(
      async () => {
        const robotDone =
          resolvedIn(
            robotMessages().map((m) => m.text),
            robotMark,
          ).size === 3;
        const mailDone =
          resolvedIn(
            mails().map((m) => m.text),
            mailMark,
          ).size === 3;
        return robotDone && mailDone ? true : undefined;
      },
      30_000,
      'the resolved DingTalk message and email for the three partitions',
    );
    const resolvedTitle = `[RESOLVED] IsrShrink cluster=e2e severity=warning topic=${TOPIC}`;
    expect(robotMessages().at(-1)!.title).toBe(`${ROBOT.keyword} ${resolvedTitle}`);
    expect(mails().at(-1)!.headers.subject).toBe(resolvedTitle);
    expect(purelyFiring(robotMessages())).toBe(firingMessages);
    expect(purelyFiring(mails().map((m) => ({ title: m.headers.subject ?? '', text: m.text })))).toBe(
      firingMails,
    );
    expect(robot.requests.map((r) => errcode(r))).toEqual(robot.requests.map(() => 0));
    // Secrets stay out of the logs.
    for (const secret of [ROBOT.accessToken, ROBOT.secret, SMTP.password]) {
      expect(kestrel!.output()).not.toContain(secret);
    }
  });

  /** The IsrShrink Markdown messages the robot received, in order (BrokerDown fires as well). */
  function robotMessages(): RobotMessage[] {
    return robot.requests
      .map((r) => {
        const body = JSON.parse(r.body) as { markdown: { title: string; text: string } };
        return { at: r.at, title: body.markdown.title, text: body.markdown.text };
      })
      .filter((m) => m.title.includes('] IsrShrink '));
  }

  /** The IsrShrink mails, parsed, in order of arrival. */
  function mails(): (ParsedMail & { at: number })[] {
    return mailbox.mails
      .map((m) => ({ ...parseMail(m.raw), at: m.at }))
      .filter((m) => m.headers.subject?.includes('] IsrShrink '));
  }
});

/** What the robot answered: 0 when the signature and the keyword checked out. */
function errcode(request: RobotRequest): unknown {
  return (request.answer?.body as { errcode?: unknown } | undefined)?.errcode;
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

async function waitReady(kestrel: KestrelProcess): Promise<void> {
  await eventually(
    async () => ((await getJson(`${kestrel.url}/readyz`)).status === 200 ? true : undefined),
    60_000,
    `Kestrel ready (${kestrel.output().slice(-500)})`,
  );
}

/** Poll cycles the process has run, from its own /metrics. */
async function pollCycles(kestrel: KestrelProcess): Promise<number> {
  const metrics = await (await fetch(`${kestrel.url}/metrics`)).text();
  return Number(/^kestrel_collector_cycles_total\{cluster="e2e"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
}
