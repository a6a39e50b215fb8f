export { type ChurnRecord, observeChurn } from './churn.ts';
export { type DiagnoseInput, diagnoseCluster } from './diagnose.ts';
export type * from './types.ts';
export { NO_DIAGNOSIS } from './types.ts';
