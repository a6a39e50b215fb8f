// Alerts, silences and receivers, from the alerts engine behind AlertsApi.

import { type AlertsApi, SilenceInputError } from '../../alerts/api.ts';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { ApiError } from './errors.ts';
import { timeRange } from './lookup.ts';
import {
  AlertHistoryEntry,
  AlertsStatus,
  AlertView,
  Items,
  NotificationLogEntry,
  ReceiverView,
  RuleView,
  SilenceView,
  TestSendResults,
} from './responses.ts';
import {
  AlertHistoryQuery,
  AlertsQuery,
  NewSilenceBody,
  NoQuery,
  NotificationsQuery,
  ReceiverParams,
  SilenceParams,
} from './schemas.ts';
import type { ApiSource } from './source.ts';

const readErrors = errors(400, 401, 429, 503);
const ALERTS_OFF =
  'alerts are off (alerts.enabled: false in the configuration): no rules are evaluated and no notifications are sent';
const adminErrors = errors(400, 401, 403, 404, 413, 415, 429, 503);
const security = [{ adminToken: [] }];
const tags = ['alerts'];

export function alertsRoutes(api: Api, source: ApiSource): void {
  const enabled = source.alertsEnabled ?? true;
  const engine = (): AlertsApi => {
    if (!enabled) throw new ApiError(503, 'alerts_disabled', ALERTS_OFF);
    if (!source.alerts) throw new ApiError(503, 'alerts_unavailable', 'the alerts engine is not running');
    return source.alerts;
  };

  api.get(
    '/alerts/status',
    {
      schema: {
        tags,
        summary: 'Whether alerting is on (the UI reads it before anything else on the Alerts page)',
        querystring: NoQuery,
        response: { 200: AlertsStatus, ...errors(400, 401, 429) },
      },
    },
    async () =>
      enabled && source.alerts
        ? { enabled: true, message: null }
        : { enabled: false, message: enabled ? 'the alerts engine is not running' : ALERTS_OFF },
  );

  api.get(
    '/alerts',
    {
      schema: {
        tags,
        summary: 'Active alerts, pending and firing',
        querystring: AlertsQuery,
        response: { 200: Items(AlertView), ...readErrors },
      },
    },
    async (request) => ({ items: engine().alerts(request.query) }),
  );

  api.get(
    '/alerts/history',
    {
      schema: {
        tags,
        summary: 'Firing episodes, newest first',
        querystring: AlertHistoryQuery,
        response: { 200: Items(AlertHistoryEntry), ...readErrors },
      },
    },
    async (request) => {
      const { limit, cluster } = request.query;
      const range = { ...timeRange(source, request.query), limit, ...(cluster ? { cluster } : {}) };
      return { items: engine().history(range) };
    },
  );

  api.get(
    '/alerts/rules',
    {
      schema: {
        tags,
        summary: 'The configured rules',
        querystring: NoQuery,
        response: { 200: Items(RuleView), ...readErrors },
      },
    },
    async () => ({ items: engine().rules() }),
  );

  api.get(
    '/alerts/notifications',
    {
      schema: {
        tags,
        summary: 'Notifications sent or failed, newest first',
        querystring: NotificationsQuery,
        response: { 200: Items(NotificationLogEntry), ...readErrors },
      },
    },
    async (request) => {
      const range = { ...timeRange(source, request.query), limit: request.query.limit };
      return { items: engine().notifications(range) };
    },
  );

  api.get(
    '/silences',
    {
      schema: {
        tags,
        summary: 'Silences, active, pending and expired',
        querystring: NoQuery,
        response: { 200: Items(SilenceView), ...readErrors },
      },
    },
    async () => ({ items: engine().silences() }),
  );

  api.post(
    '/silences',
    {
      config: { adminAction: 'silence.create' },
      schema: {
        tags,
        summary: 'Create a silence',
        security,
        body: NewSilenceBody,
        response: { 201: SilenceView, ...adminErrors },
      },
    },
    async (request, reply) => {
      const alerts = engine();
      try {
        return reply.code(201).send(alerts.createSilence(request.body));
      } catch (error) {
        if (error instanceof SilenceInputError) throw new ApiError(400, 'bad_silence', error.message);
        throw error;
      }
    },
  );

  api.delete(
    '/silences/:id',
    {
      config: { adminAction: 'silence.expire' },
      schema: {
        tags,
        summary: 'Expire a silence',
        security,
        params: SilenceParams,
        response: { 200: SilenceView, ...adminErrors },
      },
    },
    async (request) => {
      const silence = engine().expireSilence(request.params.id);
      if (!silence) throw new ApiError(404, 'not_found', `no silence ${JSON.stringify(request.params.id)}`);
      return silence;
    },
  );

  api.get(
    '/receivers',
    {
      schema: {
        tags,
        summary: 'Receivers and their channel types (never their secrets)',
        querystring: NoQuery,
        response: { 200: Items(ReceiverView), ...readErrors },
      },
    },
    async () => ({ items: engine().receivers() }),
  );

  api.post(
    '/receivers/:name/test',
    {
      config: { adminAction: 'receiver.test' },
      schema: {
        tags,
        summary: 'Send a test notification to every target of a receiver',
        security,
        params: ReceiverParams,
        response: { 200: TestSendResults, ...adminErrors },
      },
    },
    async (request) => {
      const results = await engine().testSend(request.params.name);
      if (!results)
        throw new ApiError(404, 'not_found', `no receiver ${JSON.stringify(request.params.name)}`);
      return { results };
    },
  );
}
