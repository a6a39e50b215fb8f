// Number and duration wording for the findings, in English and Chinese.

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function rate(n: number): string {
  return n >= 100 ? count(n) : n.toFixed(n >= 10 ? 1 : 2);
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function durationEn(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86_400)
    return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86_400)} d${Math.floor((s % 86_400) / 3600) ? ` ${Math.floor((s % 86_400) / 3600)} h` : ''}`;
}

export function durationZh(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分钟${s % 60 ? ` ${s % 60} 秒` : ''}`;
  if (s < 86_400)
    return `${Math.floor(s / 3600)} 小时${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} 分钟` : ''}`;
  return `${Math.floor(s / 86_400)} 天${Math.floor((s % 86_400) / 3600) ? ` ${Math.floor((s % 86_400) / 3600)} 小时` : ''}`;
}
