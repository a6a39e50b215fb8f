import { describe, expect, it } from 'vitest';
import {
  describeConfigChanges,
  hideSensitiveValues,
  planConfigChanges,
  sourceName,
  type TopicConfigEntry,
} from './config-plan.ts';

const retention: TopicConfigEntry = {
  name: 'retention.ms',
  value: '1000',
  source: 'dynamic_topic',
  sensitive: false,
  readOnly: false,
  synonyms: [
    { name: 'retention.ms', value: '1000', source: 'dynamic_topic' },
    { name: 'log.retention.ms', value: null, source: 'default' },
    { name: 'log.retention.hours', value: '168', source: 'static_broker' },
    { name: 'log.retention.hours', value: '168', source: 'default' },
  ],
};
const cleanup: TopicConfigEntry = {
  name: 'cleanup.policy',
  value: 'delete',
  source: 'default',
  sensitive: false,
  readOnly: false,
  synonyms: [{ name: 'log.cleanup.policy', value: 'delete', source: 'default' }],
};
const secret: TopicConfigEntry = { ...cleanup, name: 'secret', value: null, sensitive: true };
const fixed: TopicConfigEntry = { ...cleanup, name: 'fixed', readOnly: true };

describe('planConfigChanges', () => {
  const entries = [retention, cleanup, secret, fixed];

  it('shows old → new for a set, and the inherited value a delete reverts to', () => {
    expect(
      planConfigChanges(entries, [
        { name: 'cleanup.policy', operation: 'set', value: 'compact' },
        { name: 'retention.ms', operation: 'delete' },
      ]),
    ).toEqual([
      {
        name: 'cleanup.policy',
        operation: 'set',
        oldValue: 'delete',
        oldSource: 'default',
        newValue: 'compact',
        newSource: 'dynamic_topic',
        inheritedFrom: null,
        sensitive: false,
      },
      {
        name: 'retention.ms',
        operation: 'delete',
        oldValue: '1000',
        oldSource: 'dynamic_topic',
        newValue: '168',
        newSource: 'static_broker',
        inheritedFrom: 'log.retention.hours',
        sensitive: false,
      },
    ]);
  });

  it('never carries a sensitive value, and the audit line says only that it changed', () => {
    const [change] = planConfigChanges(entries, [{ name: 'secret', operation: 'set', value: 'hunter2' }]);
    expect(change).toMatchObject({ oldValue: null, newValue: null, sensitive: true });
    expect(describeConfigChanges([change!])).toBe('secret: (sensitive) set');
    expect(describeConfigChanges([change!])).not.toContain('hunter2');
  });

  it("hides a sensitive value that Kafka's refusal quotes, and only that one", () => {
    const edits = [
      { name: 'secret', operation: 'set' as const, value: 'hunter2' },
      { name: 'cleanup.policy', operation: 'set' as const, value: 'compact' },
    ];
    const changes = planConfigChanges(entries, edits);
    expect(hideSensitiveValues('Invalid value hunter2 for secret; compact is fine', changes, edits)).toBe(
      'Invalid value (hidden) for secret; compact is fine',
    );
  });

  it('refuses unknown, read-only, twice-edited keys and deleting what the topic does not set', () => {
    expect(() => planConfigChanges(entries, [{ name: 'nope', operation: 'delete' }])).toThrow(
      /no config nope/,
    );
    expect(() => planConfigChanges(entries, [{ name: 'fixed', operation: 'set', value: 'x' }])).toThrow(
      /read-only/,
    );
    expect(() =>
      planConfigChanges(entries, [
        { name: 'retention.ms', operation: 'delete' },
        { name: 'retention.ms', operation: 'set', value: '1' },
      ]),
    ).toThrow(/twice/);
    expect(() => planConfigChanges(entries, [{ name: 'cleanup.policy', operation: 'delete' }])).toThrow(
      /comes from default/,
    );
  });
});

describe('describeConfigChanges', () => {
  it('writes one old → new per key with sources', () => {
    const changes = planConfigChanges([retention], [{ name: 'retention.ms', operation: 'set', value: '5' }]);
    expect(describeConfigChanges(changes)).toBe('retention.ms: "1000" (dynamic_topic) → "5" (dynamic_topic)');
  });

  it('names the sources Kafka uses', () => {
    expect([1, 4, 5, 99].map(sourceName)).toEqual(['dynamic_topic', 'static_broker', 'default', 'unknown']);
  });
});
