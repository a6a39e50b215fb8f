// A bare Metadata request, for readiness checks only.
//
// kafkajs cannot list brokers alone: describeCluster() sends Metadata with a null topic list,
// which means "all topics", and throws if any partition anywhere is leaderless. A harness that
// kills brokers on purpose must still see which brokers are up, so it asks for no topics at all.
import { connect } from 'node:net';

const METADATA_API_KEY = 3;
/** Non-flexible and accepted by Kafka 3.x and 4.x alike (4.0 dropped v0 to v3). */
const METADATA_VERSION = 4;
const CLIENT_ID = 'kestrel-harness';

function metadataRequest(correlationId: number): Buffer {
  const clientId = Buffer.from(CLIENT_ID, 'utf8');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let at = 0;
  at = body.writeInt16BE(METADATA_API_KEY, at);
  at = body.writeInt16BE(METADATA_VERSION, at);
  at = body.writeInt32BE(correlationId, at);
  at = body.writeInt16BE(clientId.length, at);
  at += clientId.copy(body, at);
  at = body.writeInt32BE(0, at); // topics: an empty array (not null, which would mean all topics)
  body.writeInt8(0, at); // allow_auto_topic_creation: false
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Node ids from a Metadata v4 response body (after the size and the correlation id). */
function parseBrokerIds(response: Buffer): number[] {
  let at = 4; // throttle_time_ms
  const count = response.readInt32BE(at);
  at += 4;
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(response.readInt32BE(at));
    at += 4;
    at += 2 + response.readInt16BE(at); // host
    at += 4; // port
    const rackLength = response.readInt16BE(at);
    at += 2 + Math.max(0, rackLength); // rack, -1 when null
  }
  return ids;
}

/** Broker ids that the broker at 127.0.0.1:port lists in its Metadata answer. */
export function brokerIdsSeenBy(port: number, timeoutMs = 5000): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const correlationId = Math.floor(Math.random() * 0x7fffffff);
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no Metadata answer within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('close', () => reject(new Error('connection closed before a Metadata answer')));
    socket.once('connect', () => socket.write(metadataRequest(correlationId)));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      socket.destroy();
      try {
        if (received.readInt32BE(4) !== correlationId) throw new Error('Metadata answer for another request');
        resolve(parseBrokerIds(received.subarray(8)));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}
