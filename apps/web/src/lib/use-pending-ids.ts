import { useCallback, useState } from 'react';

/** Ids of rows with a request in flight, so their buttons can be disabled. */
export function usePendingIds<Id>(): {
  pending: ReadonlySet<Id>;
  /** Runs `task` with `id` marked as pending until it settles. */
  track: <T>(id: Id, task: () => Promise<T>) => Promise<T>;
} {
  const [pending, setPending] = useState<ReadonlySet<Id>>(() => new Set());
  const track = useCallback(async <T>(id: Id, task: () => Promise<T>): Promise<T> => {
    setPending((ids) => new Set(ids).add(id));
    try {
      return await task();
    } finally {
      setPending((ids) => {
        const rest = new Set(ids);
        rest.delete(id);
        return rest;
      });
    }
  }, []);
  return { pending, track };
}
