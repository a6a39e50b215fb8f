// A topic's configs read with their sources (DescribeConfigs with synonyms, through kafkajs'
// encoding) and edited key by key (IncrementalAlterConfigs, hand-written in ../protocol).
import {
  incrementalAlterConfigsOn,
  kafkaErrorName,
  sendKafkajsRequest,
  TOPIC_RESOURCE_TYPE,
} from '../protocol/index.ts';
import { type ConfigEdit, sourceName, type TopicConfigEntry } from './config-plan.ts';
import type { AdminConnection } from './connection.ts';
import { refusalFor } from './refusal.ts';

/** DescribeConfigs v1+ as kafkajs decodes it (src/protocol/requests/describeConfigs/v1/response.js). */
interface DescribedConfigs {
  resources: {
    errorCode: number;
    errorMessage: string | null;
    resourceName: string;
    configEntries: {
      configName: string;
      configValue: string | null;
      readOnly: boolean;
      configSource: number;
      isSensitive: boolean;
      configSynonyms?: { configName: string; configValue: string | null; configSource: number }[];
    }[];
  }[];
}

export class TopicConfigsAdmin {
  constructor(private readonly connection: AdminConnection) {}

  /** Every config of the topic, by name. */
  describe(topic: string): Promise<TopicConfigEntry[]> {
    return this.connection.call(async (_admin, internals) => {
      const response = await internals.withAnyBroker((broker) =>
        sendKafkajsRequest<DescribedConfigs>(broker, 'DescribeConfigs', {
          // kafkajs writes an empty list as a null one, which asks for every config.
          resources: [{ type: TOPIC_RESOURCE_TYPE, name: topic, configNames: [] }],
          includeSynonyms: true,
        }),
      );
      const resource = response.resources.find((r) => r.resourceName === topic);
      if (!resource) throw refusalFor('UNKNOWN_SERVER_ERROR', `no DescribeConfigs answer for ${topic}`);
      if (resource.errorCode !== 0)
        throw refusalFor(kafkaErrorName(resource.errorCode), resource.errorMessage);
      return resource.configEntries
        .map((e) => ({
          name: e.configName,
          value: e.isSensitive ? null : e.configValue,
          source: sourceName(e.configSource),
          sensitive: e.isSensitive,
          readOnly: e.readOnly,
          synonyms: (e.configSynonyms ?? []).map((s) => ({
            name: s.configName,
            value: e.isSensitive ? null : s.configValue,
            source: sourceName(s.configSource),
          })),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  /** Applies the edits (or only validates them); Kafka's refusal comes back with its own message. */
  alter(topic: string, edits: readonly ConfigEdit[], validateOnly: boolean): Promise<void> {
    return this.connection.call(async (_admin, internals) => {
      const results = await internals.withAnyBroker((broker) =>
        incrementalAlterConfigsOn(
          broker,
          [
            {
              resourceType: TOPIC_RESOURCE_TYPE,
              resourceName: topic,
              changes: edits.map((e) => ({
                name: e.name,
                operation: e.operation,
                value: e.operation === 'set' ? e.value : null,
              })),
            },
          ],
          validateOnly,
        ),
      );
      const failed = results.find((r) => r.error !== null);
      if (failed?.error) throw refusalFor(failed.error.name, failed.error.message ?? failed.error.name);
    });
  }
}
