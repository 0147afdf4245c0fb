import type { ReactNode } from 'react';
import type { QueryState } from '../lib/use-query';
import { ErrorBanner } from './ErrorBanner';
import { LoadingState } from './LoadingState';

interface QueryViewProps<T> {
  query: Pick<QueryState<T>, 'data' | 'error' | 'loading' | 'reload'>;
  /** Over the error, with a button to try again; the last answer stays below it. */
  errorTitle: string;
  loadingLabel: string;
  children: (data: T) => ReactNode;
}

/** A fetched view: its error, a spinner until the first answer, then the answer (kept while it reloads). */
export function QueryView<T>({ query, errorTitle, loadingLabel, children }: QueryViewProps<T>) {
  return (
    <>
      {query.error !== null && <ErrorBanner title={errorTitle} error={query.error} onRetry={query.reload} />}
      {query.data === undefined
        ? query.loading && <LoadingState label={loadingLabel} />
        : children(query.data)}
    </>
  );
}
