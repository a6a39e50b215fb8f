/**
 * The scraper and the API's caller of bench/scale, in a process of its own, as Prometheus and
 * browsers are: receiving a 350 MB plain exposition is their work, not Kestrel's, and in the
 * bench's process it would take the event loop and the memory the figures are of.
 *
 *   node http-client.js URL TIMES [HEADERS_JSON]   prints {"ms":[...],"status":[...],"bytes":N}
 */
import { Agent } from 'node:http';
import { timedGet } from '../http-get.ts';

const [url, times, headers] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const parsedHeaders = JSON.parse(headers ?? '{}') as Record<string, string>;

const answers = [];
for (let i = 0; i < Number(times); i++) answers.push(await timedGet(url!, agent, parsedHeaders));
agent.destroy();
process.stdout.write(
  JSON.stringify({
    ms: answers.map((a) => a.ms),
    status: answers.map((a) => a.status),
    bytes: answers.at(-1)?.bytes ?? 0,
  }),
);
