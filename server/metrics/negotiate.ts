import type { MetricsFormat } from './exporter.ts';

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim());
      const params = new Map<string, string>();
      for (const param of rest) {
        const eq = param.indexOf('=');
        if (eq > 0)
          params.set(
            param.slice(0, eq).trim().toLowerCase(),
            param
              .slice(eq + 1)
              .trim()
              .replace(/^"|"$/g, ''),
          );
      }
      const q = params.has('q') ? Number(params.get('q')) : 1;
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((range) => range.type !== '');
}

// prom-client writes OpenMetrics 1.0.0; 0.0.1 (what older Prometheus asks for) is the same text.
const OPENMETRICS_VERSIONS = new Set([undefined, '1.0.0', '0.0.1']);

/**
 * OpenMetrics when the Accept header prefers it (Prometheus asks for it first), otherwise the
 * Prometheus text format, which is also the answer to a missing or unsatisfiable header.
 */
export function negotiateFormat(accept: string | undefined): MetricsFormat {
  if (!accept) return 'prometheus';
  let openmetrics = 0;
  let text = 0;
  for (const range of parseAccept(accept)) {
    if (
      range.type === 'application/openmetrics-text' &&
      OPENMETRICS_VERSIONS.has(range.params.get('version'))
    )
      openmetrics = Math.max(openmetrics, range.q);
    else if (range.type === 'text/plain') text = Math.max(text, range.q);
  }
  return openmetrics > 0 && openmetrics > text ? 'openmetrics' : 'prometheus';
}

/** True when the client accepts gzip (Prometheus always does). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return parseAccept(acceptEncoding).some((range) => range.type === 'gzip' && range.q > 0);
}
