// Loopback HTTP receivers for the channel tests: real sockets on 127.0.0.1 that record every
// request (raw body, headers, arrival time) and answer as the real service would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
  /** What the receiver answered (set once the handler ran). */
  answer?: Answer;
}

export interface Answer {
  status?: number;
  /** An object is sent as JSON, a string as text/plain. */
  body?: unknown;
  /** Wait this long before answering (a slow or hanging receiver). */
  delayMs?: number;
}

export type Handler = (request: Received) => Answer;

export interface Receiver {
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: Received[];
  close(): Promise<void>;
}

export async function startReceiver(handler: Handler): Promise<Receiver> {
  const requests: Received[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      };
      requests.push(received);
      const answer = handler(received);
      received.answer = answer;
      const reply = () => {
        if (res.destroyed) return;
        const json = typeof answer.body !== 'string';
        res.writeHead(answer.status ?? 200, { 'content-type': json ? 'application/json' : 'text/plain' });
        res.end(json ? JSON.stringify(answer.body ?? {}) : answer.body);
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs).unref();
      else reply();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The JSON body of a request. */
export function json(request: Received | undefined): Record<string, unknown> {
  if (!request) throw new Error('no request received');
  return JSON.parse(request.body) as Record<string, unknown>;
}
