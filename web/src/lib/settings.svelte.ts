// User preferences that survive a reload (localStorage), and the refresh clock every page follows.

export type Theme = 'light' | 'dark';
export const REFRESH_CHOICES = [0, 5, 10, 30, 60] as const;

const store = globalThis.localStorage;

function initialTheme(): Theme {
  const saved = store?.getItem('kestrel.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function initialRefresh(): number {
  const saved = Number(store?.getItem('kestrel.refresh') ?? '10');
  return (REFRESH_CHOICES as readonly number[]).includes(saved) ? saved : 10;
}

export const settings = $state({
  theme: initialTheme(),
  /** Seconds between refreshes; 0 = off. */
  refreshSeconds: initialRefresh(),
  /** The cluster chosen last, for pages that are not about one cluster. */
  cluster: store?.getItem('kestrel.cluster') ?? '',
});

export function setTheme(theme: Theme): void {
  settings.theme = theme;
  store?.setItem('kestrel.theme', theme);
}

export function setRefresh(seconds: number): void {
  settings.refreshSeconds = seconds;
  store?.setItem('kestrel.refresh', String(seconds));
}

export function rememberCluster(name: string): void {
  settings.cluster = name;
  store?.setItem('kestrel.cluster', name);
}

/** Ticks once per refresh period; data loaders read `clock.tick` so they reload on each. */
export const clock = $state({ tick: 0, now: Date.now(), lastUpdated: null as number | null });

export function markUpdated(): void {
  clock.lastUpdated = Date.now();
}
