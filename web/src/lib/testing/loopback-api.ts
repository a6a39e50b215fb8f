// A real HTTP server on 127.0.0.1 that stands in for Kestrel's API in component tests: the
// component's fetch goes over the network, and the test sees exactly what arrived.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiOrigin } from '../api/client.ts';

export interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

export interface LoopbackApi {
  received: Received[];
  /** Sets the answer to the next requests. */
  answer(status: number, body: unknown): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

export async function startLoopbackApi(): Promise<LoopbackApi> {
  const received: Received[] = [];
  let reply = { status: 200, body: {} as unknown };
  const server: Server = createServer(async (request, response) => {
    received.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
      body: await readBody(request),
    });
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  apiOrigin.value = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    received,
    answer: (status, body) => {
      reply = { status, body };
    },
    close: async () => {
      apiOrigin.value = '';
      await new Promise((done) => server.close(done));
    },
  };
}
