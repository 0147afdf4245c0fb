import { useCallback, useEffect, useRef, useState } from 'react';

const FRESH_MS = 4000;

/** Ids that arrived live a moment ago, so their rows can be highlighted, then forgotten. */
export function useFreshIds<Id = number>(): { ids: ReadonlySet<Id>; mark: (id: Id) => void } {
  const [ids, setIds] = useState<ReadonlySet<Id>>(() => new Set());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  const mark = useCallback((id: Id) => {
    setIds((current) => new Set(current).add(id));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setIds((current) => {
        const rest = new Set(current);
        rest.delete(id);
        return rest;
      });
    }, FRESH_MS);
    timers.current.add(timer);
  }, []);

  return { ids, mark };
}
