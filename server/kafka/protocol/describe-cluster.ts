// DescribeCluster (key 60, KIP-700/919/1073): cluster id, controller id and brokers with racks,
// and since v2 the fenced brokers too — registered but not serving, which Metadata hides.
// In KRaft mode its controller id, like Metadata's, is a random broker: the real active
// controller is DescribeQuorum's leader.
import { type ApiMessage, pickVersion, send } from './call.ts';
import type { Reader } from './codec.ts';
import { KafkaProtocolError, NONE, UnsupportedApiError } from './errors.ts';
import type { BrokerConnection, ClusterAccess } from './kafkajs/index.ts';

const API_KEY = 60;
const API_NAME = 'DescribeCluster';
const VERSIONS = { min: 0, max: 2 };
/** EndpointType (v1+): 1 = brokers, 2 = controllers. */
const BROKER_ENDPOINTS = 1;

export interface DescribedBroker {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  /** true for a registered broker the controller has fenced (v2+); null from older brokers. */
  fenced: boolean | null;
}

export interface ClusterDescription {
  clusterId: string;
  /** What the broker reports as controller; -1 from Kafka becomes null. */
  controllerId: number | null;
  brokers: DescribedBroker[];
  /** The broker that answered, and the version it answered with. */
  brokerId: number;
  version: number;
}

export interface DescribeClusterResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  clusterId: string;
  controllerId: number;
  brokers: DescribedBroker[];
}

export function describeClusterMessage(version: number): ApiMessage<DescribeClusterResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.bool(false); // IncludeClusterAuthorizedOperations
      if (version >= 1) w.int8(BROKER_ENDPOINTS);
      if (version >= 2) w.bool(true); // IncludeFencedBrokers
    },
    read: (r) => readResponse(r, version),
    throttleTimeMs: (response) => response.throttleTimeMs,
  };
}

function readResponse(r: Reader, version: number): DescribeClusterResponse {
  const throttleTimeMs = r.int32();
  const errorCode = r.int16();
  const errorMessage = r.nullableString();
  if (version >= 1) r.int8(); // EndpointType: echoes the request
  const clusterId = r.string();
  const controllerId = r.int32();
  const brokers = r.array(() =>
    r.struct(() => ({
      id: r.int32(),
      host: r.string(),
      port: r.int32(),
      rack: r.nullableString(),
      fenced: version >= 2 ? r.bool() : null,
    })),
  );
  r.int32(); // ClusterAuthorizedOperations: not requested
  return { throttleTimeMs, errorCode, errorMessage, clusterId, controllerId, brokers };
}

/** Throws UnsupportedApiError for brokers before Kafka 2.8, where Metadata is all there is. */
export async function describeClusterOn(broker: BrokerConnection): Promise<ClusterDescription> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) throw new UnsupportedApiError(API_NAME, broker.nodeId);
  const response = await send(broker, describeClusterMessage(version));
  if (response.errorCode !== NONE)
    throw new KafkaProtocolError(API_NAME, response.errorCode, response.errorMessage);
  return {
    clusterId: response.clusterId,
    controllerId: response.controllerId < 0 ? null : response.controllerId,
    brokers: response.brokers.sort((a, b) => a.id - b.id),
    brokerId: broker.nodeId,
    version,
  };
}

/** Any reachable broker's answer. */
export function describeCluster(kafka: ClusterAccess): Promise<ClusterDescription> {
  return kafka.withAnyBroker(describeClusterOn);
}
