import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { isApiError } from '../../lib/api-error';
import { sentence } from '../../lib/form-errors';
import type { QueryState } from '../../lib/use-query';

interface AnalyticsSectionProps<T> {
  /** "Health", "Predictions"…: used in the loading, error and not-available messages. */
  what: string;
  query: QueryState<T>;
  children: (data: T) => ReactNode;
}

/**
 * Loading, error and "not available" around one analytics endpoint. A 404 "no route" means this
 * server does not offer the endpoint (yet); any other 404 means there is nothing for this device
 * yet. Both are said in words; nothing is ever made up.
 */
export function AnalyticsSection<T>({ what, query, children }: AnalyticsSectionProps<T>) {
  const { data, error, loading, reload } = query;
  if (isApiError(error) && error.status === 404) {
    const undeployed = /^no route\b/i.test(error.message);
    return (
      <EmptyState title={undeployed ? `${what} is not available` : `No ${what.toLowerCase()} yet`}>
        <p>{undeployed ? 'This server does not provide it yet.' : sentence(error.message)}</p>
      </EmptyState>
    );
  }
  if (error !== null && error !== undefined)
    return <ErrorBanner title={`Could not load ${what.toLowerCase()}`} error={error} onRetry={reload} />;
  if (data === undefined) return loading ? <LoadingState label={`Loading ${what.toLowerCase()}…`} /> : null;
  return <>{children(data)}</>;
}
