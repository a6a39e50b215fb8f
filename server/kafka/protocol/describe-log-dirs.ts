// DescribeLogDirs (key 35): partition sizes on disk, per broker and log directory. Each broker
// describes only its own directories, so it is sent to every broker. v1 is enough for sizes; v3
// adds a top-level error code (otherwise an unauthorized request looks like a broker without
// partitions) and v4 the volume's total and usable bytes, so the newest the broker has is used.
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader } from './codec.ts';
import { type KafkaErrorInfo, KafkaProtocolError, kafkaError, NONE, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection, ClusterAccess } from './kafkajs/index.ts';

const API_KEY = 35;
const API_NAME = 'DescribeLogDirs';
/** v0 is gone from Kafka 4; v2 is the first flexible version. */
const VERSIONS = { min: 1, max: 4 };

export interface LogDirPartition {
  topic: string;
  partition: number;
  /** Bytes of the partition's log segments in this directory. */
  size: number;
  /** Log end offset behind the high watermark (or, for a future log, behind the current log). */
  offsetLag: number;
  /** A copy being moved here by AlterReplicaLogDirs, which will replace the current log. */
  isFuture: boolean;
}

export interface LogDir {
  path: string;
  /** e.g. KAFKA_STORAGE_ERROR for an offline directory. */
  error: KafkaErrorInfo | null;
  /** Size and free space of the volume (v4+); null when older or unknown. */
  totalBytes: number | null;
  usableBytes: number | null;
  partitions: LogDirPartition[];
}

export interface BrokerLogDirs {
  brokerId: number;
  version: number;
  logDirs: LogDir[];
}

export interface ClusterLogDirs {
  brokers: BrokerLogDirs[];
  /** Brokers that could not be asked or did not answer: their sizes are unknown, not zero. */
  failures: { brokerId: number; message: string }[];
}

export interface LogDirsResponse {
  throttleTimeMs: number;
  errorCode: number;
  logDirs: LogDir[];
}

export function describeLogDirsMessage(version: number): ApiMessage<LogDirsResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: version >= 2,
    // Topics null: every partition the broker has, at once, however many there are.
    write: (w) => {
      w.array(null, () => undefined);
    },
    read: (r) => readResponse(r, version),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

function readResponse(r: Reader, version: number): LogDirsResponse {
  const throttleTimeMs = r.int32();
  const errorCode = version >= 3 ? r.int16() : NONE;
  const logDirs = r.array(() => r.struct(() => readLogDir(r, version)));
  return { throttleTimeMs, errorCode, logDirs };
}

function readLogDir(r: Reader, version: number): LogDir {
  const error = kafkaError(r.int16());
  const path = r.string();
  const partitions = r
    .array(() =>
      r.struct(() => {
        const topic = r.string();
        return r.array(() =>
          r.struct(() => ({
            topic,
            partition: r.int32(),
            size: r.int64(),
            offsetLag: r.int64(),
            isFuture: r.bool(),
          })),
        );
      }),
    )
    .flat();
  const totalBytes = version >= 4 ? knownBytes(r.int64()) : null;
  const usableBytes = version >= 4 ? knownBytes(r.int64()) : null;
  return { path, error, totalBytes, usableBytes, partitions };
}

function knownBytes(value: number): number | null {
  return value < 0 ? null : value;
}

export async function describeLogDirsOn(broker: BrokerConnection): Promise<BrokerLogDirs> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const response = await send(broker, describeLogDirsMessage(version));
  if (response.errorCode !== NONE) throw new KafkaProtocolError(API_NAME, response.errorCode);
  return { brokerId: broker.nodeId, version, logDirs: response.logDirs };
}

/** Every broker in parallel (or the given ones); one broker failing does not fail the others. */
export async function describeLogDirs(kafka: ClusterAccess, brokerIds?: number[]): Promise<ClusterLogDirs> {
  const ids = brokerIds ?? (await kafka.brokerIds());
  const settled = await Promise.allSettled(ids.map(async (id) => describeLogDirsOn(await kafka.broker(id))));
  const result: ClusterLogDirs = { brokers: [], failures: [] };
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') result.brokers.push(outcome.value);
    else result.failures.push({ brokerId: ids[i]!, message: errorMessage(outcome.reason) });
  });
  return result;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
