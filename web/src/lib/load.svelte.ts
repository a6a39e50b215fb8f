import { ApiError } from './api/client.ts';
import { clock, markUpdated } from './settings.svelte.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
}

/**
 * Loads data now, again whenever something `load` reads synchronously changes (route
 * params, filters), and on every refresh tick. The last good data stays on screen while a
 * reload runs; a failure replaces it with the error, so a page never shows stale numbers as
 * current. Must be called while a component initialises.
 */
export function loader<T>(load: (signal: AbortSignal) => Promise<T>, options: { refresh?: boolean } = {}) {
  const state = $state<Loaded<T>>({ data: undefined, error: null, loading: true });
  const refresh = options.refresh ?? true;
  $effect(() => {
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
