/**
 * The scraper and the API's caller of bench/scale, in a process of its own, as Prometheus and
 * browsers are: receiving a 350 MB plain exposition is their work, not Kestrel's, and in the
 * bench's process it would take the event loop and the memory the figures are of.
 *
 *   node http-client.js URL TIMES [HEADERS_JSON]   prints {"ms":[...],"status":[...],"bytes":N}
 */
import { Agent, request } from 'node:http';

const [url, times, headers] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(): Promise<{ ms: number; status: number; bytes: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url!, { agent, headers: JSON.parse(headers ?? '{}') }, (res) => {
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

const answers = [];
for (let i = 0; i < Number(times); i++) answers.push(await get());
agent.destroy();
process.stdout.write(
  JSON.stringify({
    ms: answers.map((a) => a.ms),
    status: answers.map((a) => a.status),
    bytes: answers.at(-1)?.bytes ?? 0,
  }),
);
