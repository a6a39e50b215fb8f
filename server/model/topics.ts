// The topic configs the collector reads (DescribeConfigs), as the derivations use them.

export interface TopicConfigs {
  retentionMs: number | null;
  retentionBytes: number | null;
  cleanupPolicy: string | null;
  minInsyncReplicas: number | null;
}
