// The shapes of kafkajs' decoded responses that ClusterClient reads (kafkajs 2.2.4,
// src/protocol/requests/*/v*/response.js). Errors are left in place: see sendKafkajsRequest.

export interface MetadataResponse {
  clusterId?: string | null;
  controllerId?: number | null;
  brokers: { nodeId: number; host: string; port: number; rack?: string | null }[];
  topicMetadata: {
    topicErrorCode: number;
    topic: string;
    isInternal?: boolean;
    partitionMetadata: {
      partitionErrorCode: number;
      partitionId: number;
      leader: number;
      replicas: number[];
      isr: number[];
      offlineReplicas?: number[];
    }[];
  }[];
}

export interface DescribeGroupsResponse {
  groups: {
    errorCode: number;
    groupId: string;
    state: string;
    protocolType: string;
    protocol: string;
    members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer | null }[];
  }[];
}

export interface DescribeConfigsResponse {
  resources: {
    errorCode: number;
    resourceName: string;
    configEntries: { configName: string; configValue: string | null }[];
  }[];
}

export interface FetchResponse {
  responses: {
    topicName: string;
    partitions: { partition: number; errorCode: number; messages: { offset: string; timestamp: string }[] }[];
  }[];
}
