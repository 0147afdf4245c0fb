import type { ReactNode } from 'react';
import type { PagedList } from '../lib/use-paged-list';
import { EmptyState } from './EmptyState';
import { Pagination } from './Pagination';
import { QueryView } from './QueryView';

interface PagedListViewProps<T> {
  list: Pick<
    PagedList<unknown, { items: T[]; total: number }>,
    'data' | 'error' | 'loading' | 'reload' | 'pagination'
  >;
  errorTitle: string;
  loadingLabel: string;
  /** What the list holds, e.g. "alerts": counted by the pagination, named when nothing matches. */
  noun: string;
  /** Whether a filter is in force, so an empty page means that nothing matches. */
  filtered: boolean;
  /** What to try when nothing matches the filters. */
  hint?: string;
  /** The title when there is nothing at all, e.g. "No users yet". */
  none: string;
  /** What to say below it. */
  noneHint?: ReactNode;
  children: (items: T[]) => ReactNode;
}

/** One page of a filtered list: its rows, or why there are none, and the pages around it. */
export function PagedListView<T>(props: PagedListViewProps<T>) {
  const { list, errorTitle, loadingLabel, noun, children } = props;
  return (
    <QueryView query={list} errorTitle={errorTitle} loadingLabel={loadingLabel}>
      {(page) => (
        <>
          {page.items.length === 0 ? <NoRows {...props} total={page.total} /> : children(page.items)}
          {page.total > 0 && <Pagination {...list.pagination} noun={noun} />}
        </>
      )}
    </QueryView>
  );
}

type NoRowsProps = Pick<PagedListViewProps<unknown>, 'noun' | 'filtered' | 'hint' | 'none' | 'noneHint'>;

function NoRows({ total, noun, filtered, hint, none, noneHint }: NoRowsProps & { total: number }) {
  // Rows in all but none here: an old link to a page past the last one.
  if (total > 0) return <EmptyState title="Nothing on this page" />;
  if (filtered)
    return <EmptyState title={`No ${noun} match these filters`}>{hint && <p>{hint}</p>}</EmptyState>;
  return <EmptyState title={none}>{noneHint && <p>{noneHint}</p>}</EmptyState>;
}
