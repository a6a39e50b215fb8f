// The problems a poll cycle meets, as the snapshot, the API and the exporter name them.

/** What a cycle was doing when it met a problem; the exporter has a series for each. */
export const COLLECT_ERROR_KINDS = [
  'connection',
  'metadata',
  'quorum',
  'configs',
  'offsets',
  'groups',
  'group-offsets',
  'log-dirs',
  'timestamps',
  'jmx',
  'store',
] as const;
export type CollectErrorKind = (typeof COLLECT_ERROR_KINDS)[number];

export interface CollectError {
  kind: CollectErrorKind;
  message: string;
  /** Broker, group or topic the error is about, when there is one. */
  target?: string;
}
