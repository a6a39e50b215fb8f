// The message browser: reads a topic's records on demand, for one HTTP request at a time.
export { BrowseRefusal, MessageBrowser } from './browser.ts';
export { registerCompressionCodecs } from './codecs.ts';
export { UnknownTopicError } from './offsets.ts';
export type {
  BrowsedRecord,
  BrowseQuery,
  BrowseResult,
  PartitionRange,
  RecordFilter,
  RecordHeader,
  StartPosition,
  StopReason,
} from './types.ts';
