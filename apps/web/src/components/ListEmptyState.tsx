import type { ReactNode } from 'react';
import { EmptyState } from './EmptyState';

interface ListEmptyStateProps {
  /** How many rows there are in all: some means this page is past the last one. */
  total: number;
  filtered: boolean;
  /** The title when the filters match nothing. */
  noMatch: string;
  /** What to try then. */
  hint: string;
  /** The title when there is nothing at all. */
  none: string;
  /** Said when there is nothing at all. */
  children?: ReactNode;
}

/** Why a page of a filtered list has no rows. */
export function ListEmptyState({ total, filtered, noMatch, hint, none, children }: ListEmptyStateProps) {
  if (total > 0) return <EmptyState title="Nothing on this page" />;
  if (filtered)
    return (
      <EmptyState title={noMatch}>
        <p>{hint}</p>
      </EmptyState>
    );
  return <EmptyState title={none}>{children}</EmptyState>;
}
