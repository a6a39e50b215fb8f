// The one place that reaches into kafkajs internals (written against kafkajs 2.2.4): this folder.
//
// kafkajs' public Admin has no way to send a request it does not implement, and it keeps its
// Cluster (brokers, connections, metadata) in a closure. The Kafka client object, however, keeps
// the factory that Admin, Producer and Consumer use to build their Cluster under a private
// symbol. Calling that factory gives a Cluster configured exactly like the Admin's — brokers,
// TLS, SASL, timeouts, retry, logger, socket factory — without restating any of it here. Through
// that Cluster we reach each Broker's connection pool and send hand-written requests on kafkajs'
// own sockets, authentication and request queue.
//
// Every reach, for whoever upgrades kafkajs (index.test.ts fails on a version change on purpose):
//   - the Kafka client's `private:Kafka:createCluster` symbol and its options;
//   - Cluster: connect, disconnect, refreshMetadata(IfNecessary), getNodeIds, findBroker, brokerPool.brokers;
//   - Broker: connectionPool.send, isConnected, disconnect, apiVersions, offsetFetch;
//   - Connection#send's request/response contract (toKafkajsCall), including clientSideThrottleTime;
//   - src/protocol/encoder.js, decoder.js, error.js (errorCodes), src/network/instrumentationEvents.js;
//   - src/protocol/requests (index.js, apiKeys.js): kafkajs' own request encodings.
//
// Where each lives:
//   codec.ts     kafkajs' Encoder, Decoder and error-code table
//   contract.ts  Connection#send's request/response contract (toKafkajsCall, ProtocolCall, CallSpec)
//                and the interfaces the protocol modules share (BrokerConnection, ClusterAccess, ...)
//   cluster.ts   KafkaInternals, over the private Cluster factory, its Brokers and instrumentation events
//   requests.ts  kafkajs' own request encodings with lenient parsing (sendKafkajsRequest)
//   version.ts   KAFKAJS_VERSION_WRITTEN_FOR
//
// Everything outside this folder imports from this file only.

export { isConnectionFailure, KafkaInternals, type KafkaInternalsOptions } from './cluster.ts';
export {
  createDecoder,
  createEncoder,
  type KafkaDecoder,
  type KafkaEncoder,
  type KafkajsErrorCode,
  kafkajsErrorCode,
} from './codec.ts';
export {
  type ApiVersionTable,
  type BrokerConnection,
  type CallSpec,
  type ClusterAccess,
  type KafkajsDecoded,
  type KafkajsRequest,
  type LegacyTopicOffsets,
  type ProtocolCall,
  type RequestEvent,
  toKafkajsCall,
} from './contract.ts';
export { type KafkajsApiName, type KafkajsRequestArgs, sendKafkajsRequest } from './requests.ts';
export { KAFKAJS_VERSION_WRITTEN_FOR } from './version.ts';
