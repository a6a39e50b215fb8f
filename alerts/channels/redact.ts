// Error messages reach the notification log, the API and the logs, so they must never carry
// a token. Two defences: every URL in a message loses its credentials and sensitive query
// values, and each channel scrubs the literal secrets it knows of (a server may echo them).

export const REDACTED = '<redacted>';

const SENSITIVE_PARAMS = /^(access_token|token|key|secret|sign|signature|password|apikey|api_key|auth)$/i;

/** The URL with any user:password and the values of token-like query parameters replaced. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  // An empty value is one redacted already ("?key=<redacted>" ends the match at "<").
  const sensitive = [...url.searchParams.entries()]
    .filter(([name, value]) => SENSITIVE_PARAMS.test(name) && value !== '')
    .map(([name]) => name);
  // Untouched URLs stay byte for byte as written (no re-encoding).
  if (!url.username && !url.password && sensitive.length === 0) return raw;
  if (url.username) url.username = REDACTED;
  if (url.password) url.password = REDACTED;
  for (const name of sensitive) url.searchParams.set(name, REDACTED);
  return url.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/** Every http(s) URL in the text redacted, then every literal secret replaced. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  // Punctuation right after a URL ("…?access_token=x: HTTP 500") belongs to the sentence.
  let out = text.replace(/(https?:\/\/[^\s"'<>]*[^\s"'<>.,;:)\]}])/g, (url) => redactUrl(url));
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, REDACTED);
  }
  return out;
}

/** What in a URL grants access: the URL itself, its password and its token-like query values. */
export function urlSecrets(raw: string): string[] {
  try {
    const url = new URL(raw);
    const values = [...url.searchParams.entries()]
      .filter(([name]) => SENSITIVE_PARAMS.test(name))
      .map(([, v]) => v);
    return [raw, decodeURIComponent(url.password), ...values].filter((s) => s !== '');
  } catch {
    return [raw];
  }
}

/** scheme://host[:port]: names a target without any path-borne token (Slack, Feishu). */
export function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return REDACTED;
  }
}
