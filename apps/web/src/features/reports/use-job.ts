import type { Job } from '@dtwin/contracts/jobs';
import { useEffect, useState } from 'react';
import { useHttp } from '../../lib/http-context';
import { getJob } from './reports-api';

const POLL_MS = 1000;

/**
 * Follows a background job by polling `GET /api/jobs/{id}` until it has succeeded or failed.
 * A failed poll (the network blinked) is shown and retried at the next tick.
 */
export function useJob(id: string | null): { job: Job | null; error: unknown } {
  const http = useHttp();
  const [state, setState] = useState<{ id: string | null; job: Job | null; error: unknown }>({
    id,
    job: null,
    error: null,
  });
  if (state.id !== id) setState({ id, job: null, error: null });

  useEffect(() => {
    if (id === null) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const job = await getJob(http, id, controller.signal);
        if (controller.signal.aborted) return;
        setState({ id, job, error: null });
        if (job.status === 'succeeded' || job.status === 'failed') return;
      } catch (error) {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, error }));
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [http, id]);

  return state.id === id ? { job: state.job, error: state.error } : { job: null, error: null };
}
