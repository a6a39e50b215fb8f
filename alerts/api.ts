// What the HTTP API (server/api) may ask of the alerts engine. The engine implements it;
// the routes depend on this interface only, so neither side reaches into the other.

export type { Severity } from '../server/model/index.ts';

import type { z } from 'zod';
import type * as wire from './wire.ts';
export type AlertState = 'pending' | 'firing';
export type Labels = Readonly<Record<string, string>>;

export type AlertView = z.output<typeof wire.AlertView>;
export type AlertHistoryEntry = z.output<typeof wire.AlertHistoryEntry>;
export type RuleView = z.output<typeof wire.RuleView>;
export type Matcher = z.output<typeof wire.Matcher>;
export type NewSilence = z.input<typeof wire.NewSilence>;
export type SilenceView = z.output<typeof wire.SilenceView>;
export type ReceiverView = z.output<typeof wire.ReceiverView>;
export type DeliveryStatus = z.output<typeof wire.DeliveryStatus>;
export type DeliveryFailure = z.output<typeof wire.DeliveryFailure>;
export type DeliveryResult = z.output<typeof wire.DeliveryResult>;
export type NotificationLogEntry = z.output<typeof wire.NotificationLogEntry>;
export type AlertsStatus = z.output<typeof wire.AlertsStatus>;

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
