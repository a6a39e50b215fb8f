// A topic just created or deleted through the UI. The pages read the latest snapshot, which
// learns of the change at the cluster's next poll; until then this says what happened, so a
// fresh topic's page does not read as a failed create, nor a deleted topic's row as a failed delete.
import { ApiError } from './api/client.ts';
import { api } from './api/endpoints.ts';

export type TopicChangeKind = 'created' | 'deleted';

export interface TopicChange {
  cluster: string;
  topic: string;
  kind: TopicChangeKind;
  /** waiting: the snapshot does not show it yet; seen: it does; late: not seen within the bound. */
  phase: 'waiting' | 'seen' | 'late';
}

export const topicChanges = $state<{ current: TopicChange | null }>({ current: null });

/** Whether the snapshot shows the change: a created topic is found, a deleted one is not. */
export function changeShown(kind: TopicChangeKind, found: boolean): boolean {
  return kind === 'created' ? found : !found;
}

/** How long to look for the change: several polls of a slow cluster, then say it is late. */
export const CHANGE_WAIT_MS = 60_000;
const CHECK_EVERY_MS = 1_000;

let watching: AbortController | undefined;
/**
 * The same change as plain data, for forgetShownChange: it runs in a page's teardown, where
 * Svelte shows state as it was before the update that tore the page down (the change before
 * the one just announced).
 */
let latest: { phase: TopicChange['phase'] } | null = null;

/** Records the change and watches the snapshot (one cheap read a second) until it shows it. */
export function announceTopicChange(cluster: string, topic: string, kind: TopicChangeKind): void {
  watching?.abort();
  const controller = new AbortController();
  watching = controller;
  const change: TopicChange = { cluster, topic, kind, phase: 'waiting' };
  topicChanges.current = change;
  const plain = { phase: change.phase };
  latest = plain;
  const deadline = Date.now() + CHANGE_WAIT_MS;
  const check = async () => {
    if (controller.signal.aborted) return;
    let found: boolean | undefined;
    try {
      await api.topic(cluster, topic, controller.signal);
      found = true;
    } catch (error) {
      // 404: not in the snapshot. Anything else (a poll that failed) tells nothing: look again.
      if (error instanceof ApiError && error.status === 404) found = false;
    }
    if (controller.signal.aborted) return;
    const current = topicChanges.current;
    if (current?.topic !== topic || current.cluster !== cluster) return;
    if (found !== undefined && changeShown(kind, found)) current.phase = plain.phase = 'seen';
    else if (Date.now() >= deadline) current.phase = plain.phase = 'late';
    else setTimeout(check, CHECK_EVERY_MS);
  };
  void check();
}

/** The change about this topic list or topic page, if any. */
export function changeFor(cluster: string, topic?: string): TopicChange | null {
  const change = topicChanges.current;
  if (!change || change.cluster !== cluster) return null;
  return topic === undefined || change.topic === topic ? change : null;
}

/** A page that showed a change the snapshot now has forgets it when the reader moves on. */
export function forgetShownChange(): void {
  if (latest && latest.phase !== 'waiting') {
    watching?.abort();
    latest = null;
    topicChanges.current = null;
  }
}
