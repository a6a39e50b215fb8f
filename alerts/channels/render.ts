import type { Labels } from '../api.ts';
import type { Notification, NotifiedAlert } from './channel.ts';

// What every channel says, in plain text, Markdown and HTML. Chat robots cap message size,
// so chat formats list at most MAX_LISTED alerts and count the rest.

export const MAX_LISTED = 20;

/** "[FIRING:2] KafkaIsrShrink cluster=prod", "[RESOLVED] …", "[TEST] …", as Alertmanager titles. */
export function title(n: Notification): string {
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  const status = n.kind === 'firing' ? `FIRING:${firing}` : n.kind.toUpperCase();
  const labels = { ...n.commonLabels, ...n.groupLabels };
  const name = labels.alertname ?? 'Kestrel';
  const rest = labelText(labels);
  return `[${status}] ${name}${rest ? ` ${rest}` : ''}`;
}

/** `k=v` pairs, sorted, without alertname (it is the title). */
export function labelText(labels: Labels): string {
  return Object.entries(labels)
    .filter(([k]) => k !== 'alertname')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The alerts in the order a reader wants them: firing first, then by start time. */
export function ordered(n: Notification): NotifiedAlert[] {
  return [...n.alerts].sort(
    (a, b) => Number(b.status === 'firing') - Number(a.status === 'firing') || a.startsAt - b.startsAt,
  );
}

function headline(a: NotifiedAlert): string {
  return a.annotations.summary ?? a.labels.alertname ?? a.fingerprint;
}

function when(a: NotifiedAlert): string {
  const since = `since ${formatTime(a.startsAt)}`;
  return a.endsAt === null ? since : `${since}, resolved ${formatTime(a.endsAt)}`;
}

export function plainText(n: Notification): string {
  const lines = [title(n), ''];
  for (const a of ordered(n)) {
    lines.push(`[${a.status.toUpperCase()}] ${headline(a)}`);
    if (a.annotations.description) lines.push(`  ${a.annotations.description}`);
    lines.push(`  ${labelText(a.labels)}`, `  ${when(a)}`, '');
  }
  lines.push(`Kestrel: ${n.externalUrl}`);
  return lines.join('\n');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export function html(n: Notification): string {
  const color = n.kind === 'firing' ? '#c0392b' : n.kind === 'resolved' ? '#27ae60' : '#2c3e50';
  const items = ordered(n).map((a) => {
    const labels = Object.entries(a.labels)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`)
      .join(' ');
    const description = a.annotations.description ? `<br>${escapeHtml(a.annotations.description)}` : '';
    return `<li><b>[${a.status.toUpperCase()}]</b> ${escapeHtml(headline(a))}${description}<br>${labels}<br><small>${escapeHtml(when(a))}</small></li>`;
  });
  const link = escapeHtml(n.externalUrl);
  return [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2 style="color:${color}">${escapeHtml(title(n))}</h2>`,
    `<ul>${items.join('')}</ul>`,
    `<p><a href="${link}">Open Kestrel</a></p>`,
    '</body></html>',
  ].join('\n');
}

export interface MarkdownStyle {
  bold: (text: string) => string;
  escape: (text: string) => string;
  link: (text: string, url: string) => string;
}

/** DingTalk, WeCom and Feishu Markdown: `**bold**`, `[text](url)`. */
const commonMarkdown: MarkdownStyle = {
  bold: (t) => `**${t}**`,
  // Characters that would start markup inside a label value; brackets only matter as a link.
  escape: (t) => t.replace(/([\\`*_<>#|])/g, '\\$1').replaceAll('](', ']\\('),
  link: (t, url) => `[${t}](${url})`,
};

/** Slack mrkdwn: `*bold*`, `<url|text>`, and &, <, > must be entities. */
export const slackMarkdown: MarkdownStyle = {
  bold: (t) => `*${t}*`,
  escape: (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  link: (t, url) => `<${url}|${t}>`,
};

/** The notification's alerts as a Markdown list (title not included). */
export function markdownBody(n: Notification, style: MarkdownStyle = commonMarkdown): string {
  const alerts = ordered(n);
  const lines = alerts.slice(0, MAX_LISTED).map((a) => {
    const parts = [`- ${style.bold(`[${a.status.toUpperCase()}]`)} ${style.escape(headline(a))}`];
    if (a.annotations.description) parts.push(`  ${style.escape(a.annotations.description)}`);
    parts.push(`  ${style.escape(labelText(a.labels))}`, `  ${style.escape(when(a))}`);
    return parts.join('\n');
  });
  if (alerts.length > MAX_LISTED) lines.push(`- … and ${alerts.length - MAX_LISTED} more`);
  lines.push('', style.link('Open Kestrel', n.externalUrl));
  return lines.join('\n');
}

/** The full Markdown message: bold title, then the list. */
export function markdown(n: Notification, style: MarkdownStyle = commonMarkdown): string {
  return `${style.bold(style.escape(title(n)))}\n\n${markdownBody(n, style)}`;
}
