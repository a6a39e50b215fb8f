import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../admin.svelte.ts';
import { type LoopbackApi, startLoopbackApi } from '../testing/loopback-api.ts';
import ResetOffsetsDialog from './ResetOffsetsDialog.svelte';

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

const PREVIEW = {
  group: { groupId: 'billing', exists: true, type: 'classic', state: 'Empty', members: 0 },
  plan: [
    {
      topic: 'orders',
      partition: 0,
      currentOffset: 40,
      newOffset: 10,
      logStart: 10,
      logEnd: 100,
      lagBefore: 60,
      lagAfter: 90,
    },
  ],
  confirmation: 'signed-by-the-server',
};

function open() {
  const calls = { done: [] as number[] };
  render(ResetOffsetsDialog, {
    props: {
      cluster: 'prod',
      group: 'billing',
      topics: ['orders'],
      onclose: () => {},
      ondone: (n: number) => calls.done.push(n),
    },
  });
  const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
  return { calls, token: screen.getByLabelText('Admin token') as HTMLInputElement, button };
}

describe('ResetOffsetsDialog', () => {
  it('previews first, shows the plan, then executes exactly the shown plan with its confirmation', async () => {
    const { calls, token, button } = open();
    expect(button('Preview').disabled).toBe(true);
    await fireEvent.input(token, { target: { value: 't0ken' } });
    expect(button('Execute this plan').disabled).toBe(true);

    server.answer(200, PREVIEW);
    await fireEvent.click(button('Preview'));
    const table = await screen.findByTestId('reset-plan');
    expect(table.textContent).toContain('orders');
    expect(table.textContent).toContain('90');
    expect(button('Execute this plan').disabled).toBe(false);

    server.answer(200, { group: PREVIEW.group, plan: PREVIEW.plan });
    await fireEvent.click(button('Execute this plan'));
    await waitFor(() => expect(calls.done).toEqual([1]));
    expect(server.received).toEqual([
      {
        method: 'POST',
        url: '/api/v1/clusters/prod/groups/billing/offsets/reset/preview',
        authorization: 'Bearer t0ken',
        body: { strategy: { kind: 'earliest' } },
      },
      {
        method: 'POST',
        url: '/api/v1/clusters/prod/groups/billing/offsets/reset',
        authorization: 'Bearer t0ken',
        body: {
          strategy: { kind: 'earliest' },
          plan: [{ topic: 'orders', partition: 0, currentOffset: 40, newOffset: 10 }],
          confirmation: 'signed-by-the-server',
        },
      },
    ]);
  });

  it('forgets the plan when the form changes, and shows a refusal as the server worded it', async () => {
    const { token, button } = open();
    await fireEvent.input(token, { target: { value: 't0ken' } });
    server.answer(200, PREVIEW);
    await fireEvent.click(button('Preview'));
    await screen.findByTestId('reset-plan');
    await fireEvent.change(screen.getByLabelText('Reset to'), { target: { value: 'latest' } });
    await waitFor(() => expect(screen.queryByTestId('reset-plan')).toBeNull());
    expect(button('Execute this plan').disabled).toBe(true);

    server.answer(409, { error: 'live_members', message: 'group billing has 1 live member (state Stable)' });
    await fireEvent.click(button('Preview'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'group billing has 1 live member (state Stable)',
    );
    expect(screen.queryByTestId('reset-plan')).toBeNull();
  });
});
