// A topic's configs with their sources, and key-by-key edits (IncrementalAlterConfigs) behind a
// preview that Kafka validates too (validateOnly), so a bad value is refused before anything is
// applied, with Kafka's own reason. Admin actions: the full list is read from Kafka, not the snapshot.

import {
  type ConfigEdit,
  ConfigPlanError,
  describeConfigChanges,
  hideSensitiveValues,
  OperatorRefusal,
  type PlannedConfigChange,
  planConfigChanges,
} from '../kafka/admin/index.ts';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { setAuditDetail } from './audit-detail.ts';
import {
  ConfigApplied,
  ConfigApplyBody,
  ConfigPreview,
  ConfigPreviewBody,
  TopicConfigsView,
} from './config-schemas.ts';
import { ApiError } from './errors.ts';
import { operatorCall } from './operator-call.ts';
import type { OperatorPort } from './operator-ports.ts';
import { PlanConfirmation } from './plan-confirmation.ts';
import { AdminTopicParams } from './schemas.ts';
import type { ApiSource } from './source.ts';

const adminErrors = errors(400, 401, 403, 404, 409, 413, 415, 429, 503);
const security = [{ adminToken: [] }];

export function configRoutes(api: Api, source: ApiSource): void {
  const confirmations = new PlanConfirmation();
  const subject = (cluster: string, topic: string, changes: readonly PlannedConfigChange[]) => ({
    cluster,
    topic,
    changes,
  });
  /** The plan against the topic's configs right now, checked by Kafka without applying it. */
  const plan = async (op: OperatorPort, topic: string, edits: readonly ConfigEdit[]) => {
    const entries = await op.configs.describe(topic);
    let changes: PlannedConfigChange[];
    try {
      changes = planConfigChanges(entries, edits);
    } catch (error) {
      if (error instanceof ConfigPlanError) throw new ApiError(400, 'bad_config', error.message);
      throw error;
    }
    await hidingSensitive(changes, edits, () => op.configs.alter(topic, edits, true));
    return changes;
  };

  api.get(
    '/clusters/:cluster/topics/:topic/configs',
    {
      config: { adminAction: 'topic.configs.describe' },
      schema: {
        tags: ['admin'],
        summary: 'Every config of a topic with its source, sensitivity and read-only flag (asks Kafka)',
        security,
        params: AdminTopicParams,
        response: { 200: TopicConfigsView, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      return { topic, configs: await operatorCall(source, cluster, (op) => op.configs.describe(topic)) };
    },
  );

  api.post(
    '/clusters/:cluster/topics/:topic/configs/preview',
    {
      config: { adminAction: 'topic.configs.preview' },
      schema: {
        tags: ['admin'],
        summary: 'Old → new per key of a config edit, validated by Kafka without applying it',
        security,
        params: AdminTopicParams,
        body: ConfigPreviewBody,
        response: { 200: ConfigPreview, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      const changes = await operatorCall(source, cluster, (op) => plan(op, topic, request.body.changes));
      setAuditDetail(request, `preview ${describeConfigChanges(changes)}`);
      return { topic, changes, confirmation: confirmations.sign(subject(cluster, topic, changes)) };
    },
  );

  api.post(
    '/clusters/:cluster/topics/:topic/configs',
    {
      config: { adminAction: 'topic.configs.alter' },
      schema: {
        tags: ['admin'],
        summary: "Apply a previewed config edit (409 if the topic's configs changed since)",
        security,
        params: AdminTopicParams,
        body: ConfigApplyBody,
        response: { 200: ConfigApplied, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      const { changes: edits, confirmation } = request.body;
      const changes = await operatorCall(source, cluster, async (op) => {
        const fresh = await plan(op, topic, edits);
        // The confirmation signs the preview's old and new values: it verifies against a fresh
        // plan only if nothing changed in between.
        if (!confirmations.verify(subject(cluster, topic, fresh), confirmation))
          throw new ApiError(
            409,
            'plan_changed',
            "the edit or the topic's configs are not those of the preview (preview again)",
          );
        await hidingSensitive(fresh, edits, () => op.configs.alter(topic, edits, false));
        return fresh;
      });
      setAuditDetail(request, describeConfigChanges(changes));
      return { topic, changes };
    },
  );
}

/** Kafka's refusal may quote the refused value: never one of a sensitive config. */
async function hidingSensitive(
  changes: readonly PlannedConfigChange[],
  edits: readonly ConfigEdit[],
  alter: () => Promise<void>,
): Promise<void> {
  try {
    await alter();
  } catch (error) {
    if (!(error instanceof OperatorRefusal)) throw error;
    const message = hideSensitiveValues(error.message, changes, edits);
    throw new OperatorRefusal(error.kind, error.kafkaError, message, error.code);
  }
}
