// Request and response shapes of the topic config routes (config-routes.ts).
import { z } from 'zod';

const configName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._-]+$/, 'expected a config key such as retention.ms');

const ConfigEditBody = z.discriminatedUnion('operation', [
  z.strictObject({
    name: configName,
    operation: z.literal('set'),
    value: z.union([z.string().max(65_536), z.number(), z.boolean()]).transform(String),
  }),
  z.strictObject({
    name: configName,
    operation: z
      .literal('delete')
      .meta({ description: 'Remove the topic override: back to the inherited value.' }),
  }),
]);

export const ConfigPreviewBody = z.strictObject({ changes: z.array(ConfigEditBody).min(1).max(200) });

const Source = z.string().meta({
  description:
    "dynamic_topic, dynamic_broker, dynamic_default_broker, static_broker, default (Kafka's ConfigSource)",
});

const PlannedChange = z.object({
  name: z.string(),
  operation: z.enum(['set', 'delete']),
  oldValue: z.string().nullable(),
  oldSource: Source,
  newValue: z.string().nullable().meta({ description: 'null for sensitive configs, never shown' }),
  newSource: Source,
  inheritedFrom: z.string().nullable().meta({ description: 'delete: the key the new value comes from' }),
  sensitive: z.boolean(),
});

export const ConfigPreview = z
  .object({
    topic: z.string(),
    changes: z.array(PlannedChange),
    confirmation: z.string().meta({ description: 'Send back with the changes to apply them.' }),
  })
  .meta({ id: 'ConfigPreview' });

export const ConfigApplyBody = z.strictObject({
  changes: z.array(ConfigEditBody).min(1).max(200),
  confirmation: z.string().max(128).meta({ description: "The preview's confirmation." }),
});

export const ConfigApplied = z.object({ topic: z.string(), changes: z.array(PlannedChange) });

export const TopicConfigsView = z
  .object({
    topic: z.string(),
    configs: z.array(
      z.object({
        name: z.string(),
        value: z.string().nullable().meta({ description: 'null for sensitive configs' }),
        source: Source,
        sensitive: z.boolean(),
        readOnly: z.boolean(),
        synonyms: z.array(z.object({ name: z.string(), value: z.string().nullable(), source: Source })),
      }),
    ),
  })
  .meta({ id: 'TopicConfigs' });
