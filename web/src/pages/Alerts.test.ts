import { render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LoopbackApi, startLoopbackApi } from '../lib/testing/loopback-api.ts';
import Alerts from './Alerts.svelte';

let server: LoopbackApi;
beforeAll(async () => {
  server = await startLoopbackApi();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
});

describe('Alerts page', () => {
  it('says plainly that alerts are off when the server says so, and shows no empty tables', async () => {
    server.answer(200, {
      enabled: false,
      message: 'alerts are off (alerts.enabled: false in the configuration)',
    });
    render(Alerts);
    const notice = await screen.findByTestId('alerts-off');
    expect(notice.textContent).toMatch(/Alerts are off: alerts\.enabled is false/);
    expect(screen.queryByRole('heading', { name: 'Notifications' })).toBeNull();
    expect(server.received.map((r) => r.url)).toContain('/api/v1/alerts/status');
  });

  it('shows the tables and no notice when alerting is on', async () => {
    server.answer(200, { enabled: true, message: null, items: [] });
    render(Alerts);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Notifications' })).toBeTruthy());
    expect(screen.queryByTestId('alerts-off')).toBeNull();
  });
});
