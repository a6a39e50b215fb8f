import { ApiError } from './api/client.ts';
import { clock, markUpdated } from './settings.svelte.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
}

export interface Loader<T> extends Loaded<T> {
  /** Loads again now, e.g. after an action changed what the server holds. */
  reload(): void;
}

/**
 * Loads data now, again whenever something `load` reads synchronously changes (route
 * params, filters), on every refresh tick and on `reload()`. The last good data stays on screen while a
 * reload runs; a failure replaces it with the error, so a page never shows stale numbers as
 * current. Must be called while a component initialises.
 */
export function loader<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options: { refresh?: boolean } = {},
): Loader<T> {
  let generation = $state(0);
  const state = $state<Loader<T>>({
    data: undefined,
    error: null,
    loading: true,
    reload: () => generation++,
  });
  const refresh = options.refresh ?? true;
  $effect(() => {
    void generation;
    if (refresh) void clock.tick;
    const controller = new AbortController();
    state.loading = true;
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        state.data = data;
        state.error = null;
        state.loading = false;
        markUpdated();
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        state.data = undefined;
        state.error =
          error instanceof ApiError ? error : new ApiError(0, 'error', String((error as Error)?.message));
        state.loading = false;
      },
    );
    return () => controller.abort();
  });
  return state;
}
