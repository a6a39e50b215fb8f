import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import type { EmailConfig } from '../../server/config/alert-channels.ts';
import type { Channel } from './channel.ts';
import { smtpFailure } from './failure.ts';
import { DeliveryError } from './http.ts';
import { redactText } from './redact.ts';
import { html, plainText, title } from './render.ts';

// Email through nodemailer over a pooled SMTP transport: implicit TLS (`secure`) or STARTTLS
// (required unless `requireTLS: false`), optional AUTH. Plain text and HTML bodies.

const SOCKET_TIMEOUT_MS = 30_000;

/** What nodemailer adds to its errors: the SMTP reply code, absent for connection failures. */
type SmtpError = Error & { responseCode?: number };

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `email caFile: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

export function emailChannel(config: EmailConfig): Channel {
  const transport = createTransport({
    pool: true,
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: !config.secure && config.requireTLS,
    auth: config.username ? { user: config.username, pass: config.password ?? '' } : undefined,
    tls: {
      rejectUnauthorized: !config.insecureSkipVerify,
      ...(config.caFile ? { ca: readCa(config.caFile) } : {}),
    },
    connectionTimeout: SOCKET_TIMEOUT_MS,
    greetingTimeout: SOCKET_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  const secrets = [config.password].filter((s): s is string => !!s);
  const server = `smtp://${config.host}:${config.port}`;
  return {
    type: 'email',
    async send(notification, signal) {
      signal.throwIfAborted();
      const sending = transport.sendMail({
        from: config.from,
        to: config.to,
        subject: title(notification),
        text: plainText(notification),
        html: html(notification),
      });
      // nodemailer cannot cancel one message of a pool; the attempt still ends on abort.
      const aborted = new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
      try {
        const info = await Promise.race([sending, aborted]);
        if (info.rejected.length > 0) {
          // Some recipients took it: a retry would send it to them twice. Permanent when every
          // refusal was a 5xx (no such mailbox), else worth another try.
          const codes = (info.rejectedErrors ?? []).map((e) => (e as SmtpError).responseCode);
          const kind =
            codes.length > 0 && codes.every((c) => smtpFailure(c) === 'permanent')
              ? 'permanent'
              : 'retryable';
          throw new DeliveryError(
            `${server}: recipients rejected: ${info.rejected.map(String).join(', ')}`,
            kind,
          );
        }
      } catch (error) {
        if (signal.aborted || error instanceof DeliveryError) throw error;
        // nodemailer's errors carry the server's reply code (550, 535, 451…) when there was one.
        const kind = smtpFailure((error as SmtpError).responseCode);
        throw new DeliveryError(redactText(`${server}: ${(error as Error).message}`, secrets), kind);
      } finally {
        sending.catch(() => {});
      }
    },
    async close() {
      transport.close();
    },
  };
}
