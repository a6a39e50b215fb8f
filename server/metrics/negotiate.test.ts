import { describe, expect, it } from 'vitest';
import { acceptsGzip, negotiateFormat } from './negotiate.ts';

describe('negotiation', () => {
  it('picks OpenMetrics only when it is preferred', () => {
    expect(negotiateFormat(undefined)).toBe('prometheus');
    expect(negotiateFormat('*/*')).toBe('prometheus');
    expect(negotiateFormat('text/plain;version=0.0.4')).toBe('prometheus');
    expect(negotiateFormat('application/openmetrics-text')).toBe('openmetrics');
    expect(negotiateFormat('application/openmetrics-text; version=0.0.1')).toBe('openmetrics');
    expect(negotiateFormat('application/openmetrics-text;version=2.0.0')).toBe('prometheus');
    expect(negotiateFormat('application/openmetrics-text;q=0.3,text/plain;q=0.9')).toBe('prometheus');
    expect(negotiateFormat('text/plain;q=0.5, application/openmetrics-text;version=1.0.0')).toBe(
      'openmetrics',
    );
    expect(negotiateFormat('application/openmetrics-text;q=0')).toBe('prometheus');
  });

  it('sees gzip in Accept-Encoding', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
  });
});
