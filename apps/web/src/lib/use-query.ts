import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface QueryState<T> {
  /** The latest answer; kept while a new one loads so tables do not flash empty. */
  data: T | undefined;
  /** The error of the current request, if it failed. */
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replace the current data locally, e.g. with the row a PATCH returned. */
  update: (change: (data: T) => T) => void;
}

interface Settled<T> {
  id: string;
  data: T | undefined;
  error: unknown;
}

/**
 * Runs `load` whenever `key` changes (or `reload` is called) and aborts the previous run.
 * `key` lists, as JSON-able values, everything the request depends on, like a query key.
 */
export function useQuery<T>(
  key: readonly unknown[],
  load: (signal: AbortSignal) => Promise<T>,
): QueryState<T> {
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  // One id per request; a result is current only while its id matches.
  const id = `${JSON.stringify(key)}#${version}`;
  const run = useEffectEvent(load);

  useEffect(() => {
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ id, data, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled((prev) => ({ id, data: prev?.data, error }));
      },
    );
    return () => controller.abort();
  }, [id]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setSettled((prev) => (prev && prev.data !== undefined ? { ...prev, data: change(prev.data) } : prev)),
    [],
  );

  const current = settled?.id === id;
  return {
    data: settled?.data,
    error: current ? settled.error : null,
    loading: !current,
    reload,
    update,
  };
}
