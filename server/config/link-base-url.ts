import { hostname } from 'node:os';

/**
 * Where a notification's reader can reach this Kestrel when `alerts.externalUrl` does not say:
 * the listen address, or this machine's name when Kestrel listens on every interface (a
 * loopback address would be a dead link anywhere but here).
 */
export function linkBaseUrl(listenHost: string, port: number, machine = hostname()): string {
  const host = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '' ? machine : listenHost;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
