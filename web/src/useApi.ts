import { useEffect, useState } from 'react';
import { ApiProblem } from './api';

export type Loaded<T> = { readonly state: 'loading' } | { readonly state: 'ok'; readonly data: T } | { readonly state: 'error'; readonly problem: ApiProblem };

/** Loads once per key; `reload()` loads again (after a write). */
export function useApi<T>(load: () => Promise<T>, key: string): Loaded<T> & { reload(): void } {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    load().then(
      (data) => live && setResult({ state: 'ok', data }),
      (error: unknown) =>
        live &&
        setResult({
          state: 'error',
          problem: error instanceof ApiProblem ? error : new ApiProblem({ status: 0, code: 'NETWORK', detail: String(error) }),
        }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  return { ...result, reload: () => setGeneration((n) => n + 1) };
}
