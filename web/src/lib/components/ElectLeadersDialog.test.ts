import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../admin.svelte.ts';
import { type LoopbackApi, startLoopbackApi } from '../testing/loopback-api.ts';
import ElectLeadersDialog from './ElectLeadersDialog.svelte';

let server: LoopbackApi;
beforeAll(async () => {
  server = await startLoopbackApi();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
  admin.token = '';
});

const uncleanPreview = {
  type: 'unclean',
  scope: 'partitions',
  snapshotAt: 1,
  considered: 1,
  toElect: [],
  blocked: [],
  unclean: {
    possible: true,
    reason: null,
    candidate: 3,
    lastIsr: [1],
    lastKnownEndOffset: 5000,
    confirmText: 'orders-2',
    dataLoss: 'Broker 3 is out of sync and would lead orders-2.',
  },
  confirm: 'abcdef0123456789',
};

describe('ElectLeadersDialog', () => {
  it('elects uncleanly only after the token and the partition typed by hand, sending both confirmations', async () => {
    server.answer(200, uncleanPreview);
    render(ElectLeadersDialog, {
      props: { cluster: 'prod', topic: 'orders', partitions: [0, 1, 2], onclose: () => {} },
    });
    await fireEvent.click(screen.getByLabelText('Unclean election (one partition)'));
    await fireEvent.change(screen.getByLabelText('Partition to elect uncleanly'), { target: { value: '2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(screen.getByText(/Data loss: Broker 3 is out of sync/)).toBeTruthy());
    const submit = screen.getByRole('button', { name: 'Elect unclean leader' }) as HTMLButtonElement;
    await fireEvent.input(screen.getByLabelText('Admin token'), { target: { value: 'tok' } });
    const typed = screen.getByLabelText('Type orders-2 to accept the data loss');
    await fireEvent.input(typed, { target: { value: 'orders-1' } });
    expect(submit.disabled).toBe(true);
    await fireEvent.input(typed, { target: { value: 'orders-2' } });
    expect(submit.disabled).toBe(false);

    server.answer(200, {
      results: [{ topic: 'orders', partition: 2, outcome: 'elected', error: null, message: null }],
    });
    await fireEvent.click(submit);
    await waitFor(() => expect(screen.getByText('elected')).toBeTruthy());
    const sent = server.received.at(-1)!;
    expect(sent).toMatchObject({
      method: 'POST',
      url: '/api/v1/clusters/prod/elections',
      authorization: 'Bearer tok',
      body: {
        type: 'unclean',
        topic: 'orders',
        partitions: [2],
        confirm: 'abcdef0123456789',
        confirmDataLoss: 'orders-2',
      },
    });
  });
});
