// What the HTTP API (server/api) may ask of the alerts engine. The engine implements it;
// the routes depend on this interface only, so neither side reaches into the other.

export type Severity = 'info' | 'warning' | 'critical';
export type AlertState = 'pending' | 'firing';
export type Labels = Readonly<Record<string, string>>;

/** One active alert instance (identified by its labels, which include `alertname` and `cluster`). */
export interface AlertView {
  fingerprint: string;
  rule: string;
  state: AlertState;
  severity: Severity;
  labels: Labels;
  annotations: Labels;
  /** When the condition was first seen (pending since). Epoch ms. */
  activeAt: number;
  /** When it started firing; null while pending. */
  firedAt: number | null;
  /** Whether a silence currently mutes it (it keeps its state either way). */
  silenced: boolean;
  /** Current value behind the condition (lag, seconds, ISR size...), when one applies. */
  value: number | null;
  /** How the value reads when the number alone would mislead (a lag status: "ERR"); null otherwise. */
  valueText: string | null;
}

/** A past or current firing episode. */
export interface AlertHistoryEntry {
  fingerprint: string;
  rule: string;
  severity: Severity;
  labels: Labels;
  annotations: Labels;
  firedAt: number;
  /** Null while it still fires. */
  resolvedAt: number | null;
}

export interface RuleView {
  name: string;
  kind: string;
  severity: Severity;
  forMs: number;
  keepFiringForMs: number;
  receivers: readonly string[];
  labels: Labels;
  annotations: Labels;
  /** The rule's own parameters (threshold, selectors...), as configured. */
  params: Readonly<Record<string, unknown>>;
}

export interface Matcher {
  name: string;
  value: string;
  /** Regex match (fully anchored, as Alertmanager) instead of equality. */
  isRegex: boolean;
  /** false = "does not match". */
  isEqual: boolean;
}

export interface NewSilence {
  matchers: readonly Matcher[];
  /** Epoch ms; defaults to now. */
  startsAt?: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export interface SilenceView extends Required<NewSilence> {
  id: string;
  status: 'pending' | 'active' | 'expired';
  createdAt: number;
  updatedAt: number;
}

/** A receiver as the UI may show it: never a URL with a token, a secret or a password. */
export interface ReceiverView {
  name: string;
  /** Channel types of its targets, e.g. ["dingtalk", "email"]. */
  channels: readonly string[];
}

/** sent: the far end accepted it. deferred: a rate limit holds it for a merged summary. */
export type DeliveryStatus = 'sent' | 'deferred' | 'failed';
/** permanent: the far end refused it and it was not retried; retryable: retries ran out or were cut short. */
export type DeliveryFailure = 'permanent' | 'retryable';

export interface DeliveryResult {
  receiver: string;
  channel: string;
  /** The channel took it: sent, or deferred to go out later. */
  ok: boolean;
  status: DeliveryStatus;
  /** Why it failed, for a failed delivery; null otherwise. */
  failure: DeliveryFailure | null;
  attempts: number;
  error: string | null;
}

export interface NotificationLogEntry {
  id: number;
  time: number;
  receiver: string;
  channel: string;
  /** "firing" or "resolved" notification, or "test". */
  kind: 'firing' | 'resolved' | 'test';
  alerts: number;
  status: DeliveryStatus;
  failure: DeliveryFailure | null;
  attempts: number;
  error: string | null;
}

export interface TimeRange {
  from: number;
  to: number;
  limit: number;
}

export interface AlertsApi {
  alerts(filter?: { cluster?: string; state?: AlertState }): readonly AlertView[];
  history(range: TimeRange & { cluster?: string }): readonly AlertHistoryEntry[];
  rules(): readonly RuleView[];
  silences(): readonly SilenceView[];
  /** Throws SilenceInputError for an empty matcher list, a bad regex or endsAt before startsAt. */
  createSilence(input: NewSilence): SilenceView;
  /** undefined when there is no such silence. Expiring an expired silence is a no-op. */
  expireSilence(id: string): SilenceView | undefined;
  receivers(): readonly ReceiverView[];
  /** Sends a test notification to every target of the receiver; undefined for an unknown receiver. */
  testSend(receiver: string): Promise<readonly DeliveryResult[] | undefined>;
  notifications(range: TimeRange): readonly NotificationLogEntry[];
}

/** A silence the engine refuses; the API answers 400 with this message. */
export class SilenceInputError extends Error {}
