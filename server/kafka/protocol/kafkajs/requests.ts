// kafkajs' own request encodings, sent with lenient parsing. One of the reaches listed in index.ts.
import { createRequire } from 'node:module';
import type { BrokerConnection, KafkajsRequest, ProtocolCall } from './contract.ts';

const require = createRequire(import.meta.url);

// ---- kafkajs' own request encodings, with lenient parsing (src/protocol/requests) ----
//
// kafkajs' response parsers throw on the first error code anywhere in a response: one offline
// partition fails a whole Metadata answer, one moved partition a whole Fetch. A monitor
// must read those errors per partition instead, so these calls keep kafkajs' encoders and
// decoders and skip its parse.

/** The kafkajs request definitions Kestrel sends itself, with the arguments each takes. */
export interface KafkajsRequestArgs {
  Metadata: { topics: string[]; allowAutoTopicCreation: boolean };
  DescribeGroups: { groupIds: string[] };
  DescribeConfigs: {
    resources: { type: number; name: string; configNames: string[] | null }[];
    includeSynonyms: boolean;
  };
  Fetch: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
    rackId: string;
  };
}

export type KafkajsApiName = keyof KafkajsRequestArgs;

interface KafkajsRequestDefinition {
  versions: string[];
  protocol(options: { version: number }): (args: object) => {
    request: KafkajsRequest;
    response: { decode(rawData: Buffer): Promise<object> };
  };
}

const { requests: kafkajsRequests } = require('kafkajs/src/protocol/requests') as {
  requests: Record<KafkajsApiName, KafkajsRequestDefinition>;
};
const kafkajsApiKeys = require('kafkajs/src/protocol/requests/apiKeys') as Record<KafkajsApiName, number>;

/**
 * Sends a request kafkajs implements, at the highest version both kafkajs and this broker
 * support, and returns kafkajs' decoded response with every error code left in place.
 */
export async function sendKafkajsRequest<Decoded>(
  broker: BrokerConnection,
  apiName: KafkajsApiName,
  args: KafkajsRequestArgs[typeof apiName],
): Promise<Decoded> {
  const definition = kafkajsRequests[apiName];
  const range = (await broker.apiVersions()).get(kafkajsApiKeys[apiName]);
  const versions = definition.versions
    .map(Number)
    .filter((v) => !range || (v >= range.minVersion && v <= range.maxVersion));
  if (versions.length === 0)
    throw new Error(`broker ${broker.nodeId} supports no ${apiName} version kafkajs knows`);
  const { request, response } = definition.protocol({ version: Math.max(...versions) })(args);
  // Connection#send reads clientSideThrottleTime from the decoded object, then calls parse.
  const call = { request, response: { decode: response.decode, parse: async (decoded: object) => decoded } };
  return broker.send(call as unknown as ProtocolCall<Decoded>);
}
