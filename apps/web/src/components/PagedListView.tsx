import type { ReactNode } from 'react';
import type { PagedList } from '../lib/use-paged-list';
import { Pagination } from './Pagination';
import { QueryView } from './QueryView';

interface PagedListViewProps<T> {
  list: Pick<
    PagedList<unknown, { items: T[]; total: number }>,
    'data' | 'error' | 'loading' | 'reload' | 'pagination'
  >;
  errorTitle: string;
  loadingLabel: string;
  /** What the pagination counts, e.g. "alerts". */
  noun: string;
  /** Instead of the rows when the page has none; `total` > 0 means the page is past the last one. */
  empty: (total: number) => ReactNode;
  children: (items: T[]) => ReactNode;
}

/** One page of a list: its rows (or why there are none) and the pages around it. */
export function PagedListView<T>({
  list,
  errorTitle,
  loadingLabel,
  noun,
  empty,
  children,
}: PagedListViewProps<T>) {
  return (
    <QueryView query={list} errorTitle={errorTitle} loadingLabel={loadingLabel}>
      {(page) => (
        <>
          {page.items.length === 0 ? empty(page.total) : children(page.items)}
          {page.total > 0 && <Pagination {...list.pagination} noun={noun} />}
        </>
      )}
    </QueryView>
  );
}
