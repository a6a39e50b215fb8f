// The kafkajs version every reach listed in index.ts was written and checked against.
export const KAFKAJS_VERSION_WRITTEN_FOR = '2.2.4';
