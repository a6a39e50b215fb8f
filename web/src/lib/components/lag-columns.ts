import { formatDuration, formatLag } from '../format.ts';
import { i18n, t } from '../i18n.svelte.ts';
import type { Column } from './columns.ts';

interface Lagging {
  lag: number | null;
  timeLagSeconds: number | null;
}

/**
 * Lag in messages and in seconds, shown the same way in every table that has them. The keys
 * are the API's sort columns, so a server-sorted table can offer them too. Call it inside a
 * `$derived`, so the labels follow the language.
 */
export function lagColumns<T extends Lagging>(): Column<T>[] {
  return [
    {
      key: 'lag',
      label: t('col.lag'),
      text: (r) => formatLag(r.lag, i18n.locale),
      sort: (r) => r.lag,
      numeric: true,
    },
    {
      key: 'timeLagSeconds',
      label: t('col.lagSeconds'),
      text: (r) => formatDuration(r.timeLagSeconds),
      sort: (r) => r.timeLagSeconds,
      numeric: true,
    },
  ];
}
