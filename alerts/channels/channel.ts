// One interface for every notification channel (email, DingTalk, webhook, WeCom, Feishu, Slack,
// Alertmanager forwarding). The dispatcher builds a Notification per receiver group and hands it
// to each of the receiver's channels through deliver() (retries, timeout, backoff).

import type { DeliveryPolicy } from '../../server/config/alert-channels.ts';
import type { DeliveryResult, Labels } from '../api.ts';

export type { DeliveryPolicy };

export interface NotifiedAlert {
  status: 'firing' | 'resolved';
  fingerprint: string;
  labels: Labels;
  annotations: Labels;
  /** Epoch ms the alert started firing. */
  startsAt: number;
  /** Epoch ms it resolved; null while firing. */
  endsAt: number | null;
}

export interface Notification {
  receiver: string;
  /** "firing" when any alert in the group fires, else "resolved"; "test" for a test-send. */
  kind: 'firing' | 'resolved' | 'test';
  /** Stable key of the alert group (receiver + group labels), as Alertmanager's groupKey. */
  groupKey: string;
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  alerts: readonly NotifiedAlert[];
  /** Base URL of the Kestrel UI, for links back. */
  externalUrl: string;
}

export interface Channel {
  /** "email", "dingtalk", "webhook", "wecom", "feishu", "slack", "alertmanager". */
  readonly type: string;
  /**
   * One delivery attempt. Resolves when the far end accepted the message, with 'deferred' when a
   * rate limit holds it to be sent later (DingTalk); throws an Error whose message says why
   * otherwise (HTTP status, DingTalk errcode, SMTP reply...), a DeliveryError (http.ts) with
   * kind 'permanent' when retrying cannot help. Must honour `signal`.
   * Must never put a secret (token, password, signing key) into the error message.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a channel that sent returns nothing; only a held message says so
  send(notification: Notification, signal: AbortSignal): Promise<void | 'deferred'>;
  /** Releases pooled connections (SMTP pool). */
  close?(): Promise<void>;
}

export type { DeliveryResult };
