import { useEffect, useState } from 'preact/hooks';

import { type ApiError, getJson, type Load, type Params } from './api';

/** GET `path` with `params` whenever they (or `refreshes`) change; null params fetch nothing and
 * give null. The last answer stays while a newer one loads, so a panel does not flicker. Errors
 * go through `onError` (which signs out on a 401). */
export function useFetch<T>(
  path: string,
  params: Params | null,
  refreshes: number,
  onError: (caught: unknown) => ApiError,
): Load<T> | null {
  const [load, setLoad] = useState<Load<T> | null>(null);
  const key = params === null ? null : JSON.stringify(params);
  useEffect(() => {
    if (key === null) {
      setLoad(null);
      return undefined;
    }
    let cancelled = false;
    setLoad((previous) => (previous?.state === 'ready' ? previous : { state: 'loading' }));
    getJson<T>(path, JSON.parse(key) as Params)
      .then((value) => !cancelled && setLoad({ state: 'ready', value }))
      .catch((caught) => !cancelled && setLoad({ state: 'error', error: onError(caught) }));
    return () => {
      cancelled = true;
    };
  }, [path, key, refreshes, onError]);
  return load;
}
