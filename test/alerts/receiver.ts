// A real HTTP receiver on 127.0.0.1 that records every notification Kestrel posts to it.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** The fields of the Alertmanager webhook payload (version 4) the tests read. */
export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: { status: string; alerts: ReceivedAlert[] } & Record<string, unknown>;
}

/** How the receiver answers: 200, a 500 error, or never (the request hangs until closed). */
export type ReceiverMode = 'ok' | 'error' | 'hang';

export interface Receiver {
  url: string;
  /** Every request that reached it, whatever it answered. */
  readonly requests: Received[];
  mode: ReceiverMode;
  /** Notifications that contain an alert named `alertname` with status `status`. */
  matching(alertname: string, status: 'firing' | 'resolved'): Received[];
  close(): Promise<void>;
}

export async function startReceiver(mode: ReceiverMode = 'ok'): Promise<Receiver> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Received['body'];
      try {
        body = JSON.parse(text) as Received['body'];
      } catch {
        body = { status: 'unparsable', alerts: [], text };
      }
      requests.push({ at: Date.now(), headers: req.headers, body });
      if (receiver.mode === 'hang') return;
      res.writeHead(receiver.mode === 'ok' ? 200 : 500, { 'content-type': 'application/json' });
      res.end(receiver.mode === 'ok' ? '{"ok":true}' : '{"error":"boom"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    mode,
    matching: (alertname, status) =>
      requests.filter((r) =>
        r.body.alerts?.some((a) => a.labels.alertname === alertname && a.status === status),
      ),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return receiver;
}
