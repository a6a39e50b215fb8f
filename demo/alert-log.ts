// A loopback webhook receiver for the demo: every notification Kestrel posts is printed and
// appended to a log file, so alerts can be watched without email or DingTalk.
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AlertLog {
  /** Where Kestrel's webhook channel should post. */
  url: string;
  file: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startAlertLog(file: string, print: (line: string) => void): Promise<AlertLog> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { receivedAt: new Date().toISOString(), path: request.url, body: parseOrText(body) };
      appendFileSync(file, `${JSON.stringify(entry)}\n`);
      print(`[alert] ${summary(entry.body)}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    file,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * One readable line. Alertmanager-style payloads (`alerts: [{status, labels, annotations}]`, which
 * Kestrel's Notification also follows) list each alert; other JSON shows its common fields.
 */
function summary(body: unknown): string {
  if (body && typeof body === 'object') {
    const fields = body as Record<string, unknown>;
    if (Array.isArray(fields.alerts) && fields.alerts.length > 0) {
      return (fields.alerts as Record<string, unknown>[]).map(alertLine).join(' | ');
    }
    const parts = ['status', 'state', 'alertname', 'rule', 'cluster', 'summary', 'title', 'text']
      .filter((key) => typeof fields[key] === 'string')
      .map((key) => `${key}=${fields[key] as string}`);
    if (parts.length > 0) return parts.join(' ');
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function alertLine(alert: Record<string, unknown>): string {
  const labels = (alert.labels ?? {}) as Record<string, string>;
  const annotations = (alert.annotations ?? {}) as Record<string, string>;
  const where = Object.entries(labels)
    .filter(([key]) => key !== 'alertname')
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const text = annotations.summary ?? annotations.description ?? '';
  return [String(alert.status ?? '?').toUpperCase(), labels.alertname ?? '(no alertname)', where, text]
    .filter(Boolean)
    .join(' ');
}
