import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../admin.svelte.ts';
import { type LoopbackApi, startLoopbackApi } from '../testing/loopback-api.ts';
import DeleteTopicDialog from './DeleteTopicDialog.svelte';

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

function open(topic = 'orders.v1') {
  const calls = { deleted: [] as string[], closed: 0 };
  render(DeleteTopicDialog, {
    props: {
      cluster: 'prod eu',
      topic,
      onclose: () => calls.closed++,
      ondeleted: (name: string) => calls.deleted.push(name),
    },
  });
  const token = screen.getByLabelText('Admin token') as HTMLInputElement;
  const typed = screen.getByLabelText(`Type the topic name ${topic} to confirm`) as HTMLInputElement;
  const submit = screen.getByRole('button', { name: 'Delete' }) as HTMLButtonElement;
  return { calls, token, typed, submit };
}

describe('DeleteTopicDialog', () => {
  it('stays disabled until the token is given and the exact name is typed', async () => {
    const { token, typed, submit } = open();
    expect(submit.disabled).toBe(true);
    await fireEvent.input(token, { target: { value: 'secret' } });
    expect(submit.disabled).toBe(true);
    for (const wrong of ['orders', 'Orders.v1', 'orders.v1 ', ' orders.v1']) {
      await fireEvent.input(typed, { target: { value: wrong } });
      expect(submit.disabled, JSON.stringify(wrong)).toBe(true);
    }
    await fireEvent.input(typed, { target: { value: 'orders.v1' } });
    expect(submit.disabled).toBe(false);
    await fireEvent.input(token, { target: { value: '' } });
    expect(submit.disabled).toBe(true);
    expect(server.received).toEqual([]);
  });

  it('sends DELETE with the token as a bearer header, never in the URL, and reports the deletion', async () => {
    server.answer(200, { deleted: 'orders.v1' });
    const { calls, token, typed, submit } = open();
    await fireEvent.input(token, { target: { value: 's3cr3t-token' } });
    await fireEvent.input(typed, { target: { value: 'orders.v1' } });
    await fireEvent.click(submit);
    await waitFor(() => expect(calls.deleted).toEqual(['orders.v1']));
    expect(server.received).toEqual([
      {
        method: 'DELETE',
        url: '/api/v1/clusters/prod%20eu/topics/orders.v1',
        authorization: 'Bearer s3cr3t-token',
        body: { confirm: 'orders.v1' },
      },
    ]);
    expect(server.received[0]?.url).not.toContain('s3cr3t');
  });

  it("shows the server's error verbatim, as text, and keeps the dialog open", async () => {
    server.answer(401, { error: 'unauthorized', message: 'bad <b>token</b>' });
    const { calls, token, typed, submit } = open();
    await fireEvent.input(token, { target: { value: 'wrong' } });
    await fireEvent.input(typed, { target: { value: 'orders.v1' } });
    await fireEvent.click(submit);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('bad <b>token</b>');
    expect(alert.querySelector('b')).toBeNull();
    expect(calls.deleted).toEqual([]);
    expect(submit.disabled).toBe(false);
  });

  it('starts in the token field and keeps Tab inside the dialog', async () => {
    const { token, typed } = open();
    expect(document.activeElement).toBe(token);
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    cancel.focus();
    // Delete is disabled, so Cancel is the last control: Tab wraps to the first.
    await fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(document.activeElement).toBe(token);
    await fireEvent.keyDown(token, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
    typed.focus();
    await fireEvent.keyDown(typed, { key: 'Tab' });
    expect(document.activeElement).toBe(typed);
  });

  it('closes on Cancel and on Escape', async () => {
    const { calls } = open();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(calls.closed).toBe(2);
  });
});
