import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../admin.svelte.ts';
import type { TopicConfig } from '../api/operator.ts';
import { type LoopbackApi, startLoopbackApi } from '../testing/loopback-api.ts';
import EditConfigsDialog from './EditConfigsDialog.svelte';

let server: LoopbackApi;
beforeAll(async () => {
  server = await startLoopbackApi();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
  admin.token = 't0ken';
});

const CONFIGS: TopicConfig[] = [
  {
    name: 'retention.ms',
    value: '604800000',
    source: 'default',
    sensitive: false,
    readOnly: false,
    synonyms: [],
  },
  { name: 'fixed.key', value: 'x', source: 'default', sensitive: false, readOnly: true, synonyms: [] },
];

describe('EditConfigsDialog', () => {
  it('offers only editable keys, previews old → new, then applies with the confirmation', async () => {
    const done: number[] = [];
    render(EditConfigsDialog, {
      props: {
        cluster: 'prod',
        topic: 'orders',
        configs: CONFIGS,
        onclose: () => {},
        ondone: (n: number) => done.push(n),
      },
    });
    const key = screen.getByLabelText('Key') as HTMLSelectElement;
    expect([...key.options].map((o) => o.value)).toEqual(['', 'retention.ms']);
    await fireEvent.change(key, { target: { value: 'retention.ms' } });
    await fireEvent.input(screen.getByLabelText('Value'), { target: { value: '3600000' } });

    const change = {
      name: 'retention.ms',
      operation: 'set',
      oldValue: '604800000',
      oldSource: 'default',
      newValue: '3600000',
      newSource: 'dynamic_topic',
      inheritedFrom: null,
      sensitive: false,
    };
    server.answer(200, { topic: 'orders', changes: [change], confirmation: 'c0nfirm' });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const plan = await screen.findByTestId('config-plan');
    expect(plan.textContent).toContain('604800000');
    expect(plan.textContent).toContain('3600000');

    server.answer(200, { topic: 'orders', changes: [change] });
    await fireEvent.click(screen.getByRole('button', { name: 'Apply these changes' }));
    await waitFor(() => expect(done).toEqual([1]));
    const edits = [{ name: 'retention.ms', operation: 'set', value: '3600000' }];
    expect(server.received.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/api/v1/clusters/prod/topics/orders/configs/preview', { changes: edits }],
      ['POST', '/api/v1/clusters/prod/topics/orders/configs', { changes: edits, confirmation: 'c0nfirm' }],
    ]);
  });

  it("shows Kafka's refusal of a bad value and offers nothing to apply", async () => {
    render(EditConfigsDialog, {
      props: { cluster: 'prod', topic: 'orders', configs: CONFIGS, onclose: () => {}, ondone: () => {} },
    });
    await fireEvent.change(screen.getByLabelText('Key'), { target: { value: 'retention.ms' } });
    await fireEvent.input(screen.getByLabelText('Value'), { target: { value: 'soon' } });
    server.answer(400, {
      error: 'kafka_refused',
      message: 'Kafka refused (INVALID_CONFIG): Invalid value soon',
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Kafka refused (INVALID_CONFIG): Invalid value soon',
    );
    expect((screen.getByRole('button', { name: 'Apply these changes' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });
});
