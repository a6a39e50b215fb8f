/**
 * A group member's host as a person reads it. Kafka reports the Java `InetAddress.toString()` of
 * the client: `/127.0.0.1` when it has no name, `name/10.0.0.1` when it resolved one.
 */
export function clientHost(reported: string): string {
  const slash = reported.indexOf('/');
  if (slash < 0) return reported;
  const name = reported.slice(0, slash);
  const address = reported.slice(slash + 1);
  if (!name) return address;
  return address && address !== name ? `${name} (${address})` : name;
}
