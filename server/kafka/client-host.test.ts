import { describe, expect, it } from 'vitest';
import { clientHost } from './client-host.ts';

describe('clientHost', () => {
  it('drops the slash Kafka puts before an address without a name', () => {
    expect(clientHost('/127.0.0.1')).toBe('127.0.0.1');
    expect(clientHost('/0:0:0:0:0:0:0:1')).toBe('0:0:0:0:0:0:0:1');
  });
  it('shows a resolved name with its address', () => {
    expect(clientHost('worker-3/10.0.0.7')).toBe('worker-3 (10.0.0.7)');
  });
  it('leaves a plain host alone', () => {
    expect(clientHost('10.0.0.7')).toBe('10.0.0.7');
    expect(clientHost('')).toBe('');
  });
});
