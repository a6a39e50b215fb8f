// One timed GET over a keep-alive agent, counting the bytes of the body and keeping none of it:
// what bench/api.ts and bench/scale/http-client.ts ask Kestrel with.
import { type Agent, request } from 'node:http';

export function timedGet(
  url: string,
  agent: Agent,
  headers: Record<string, string> = {},
): Promise<{ ms: number; status: number; bytes: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ ms: performance.now() - start, status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
