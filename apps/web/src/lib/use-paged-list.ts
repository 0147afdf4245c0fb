import { useSearchParams } from 'react-router';
import { readPage, withParams, type ParamChanges } from './search-params';
import { useResyncEpoch } from './socket-hooks';
import { useQuery, type QueryState } from './use-query';

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface PagedListOptions<F, T> {
  /** Names the list in the query key, e.g. `alerts`. */
  name: string;
  pageSize: number;
  /** The filters as they stand in the URL, so a filtered page can be shared and reloaded. */
  readFilters: (params: URLSearchParams) => F;
  load: (filters: F, page: PageRequest, signal: AbortSignal) => Promise<T>;
  /** Fetch again after a reconnection: for lists kept up to date by events, which are not replayed. */
  resync?: boolean;
}

export interface PagedList<F, T> extends QueryState<T> {
  filters: F;
  params: URLSearchParams;
  offset: number;
  /** Puts `changes` in the URL and goes back to the first page. */
  applyFilters: <C extends ParamChanges<C>>(changes: C) => void;
  setParams: (params: URLSearchParams) => void;
  /** What `<Pagination>` needs, but its noun. */
  pagination: {
    offset: number;
    limit: number;
    total: number;
    busy: boolean;
    onChange: (offset: number) => void;
  };
}

/**
 * A page of a filtered list whose filters and page number live in the URL (`?page=` counts
 * from 1): the current page is fetched again whenever they change.
 */
export function usePagedList<F, T extends { total: number }>({
  name,
  pageSize,
  readFilters,
  load,
  resync = false,
}: PagedListOptions<F, T>): PagedList<F, T> {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const offset = (readPage(params) - 1) * pageSize;
  const epoch = useResyncEpoch();
  const query = useQuery([name, filters, offset, resync ? epoch : 0], (signal) =>
    load(filters, { limit: pageSize, offset }, signal),
  );
  return {
    ...query,
    filters,
    params,
    offset,
    applyFilters: (changes) => setParams(withParams(params, { ...changes, page: null })),
    setParams: (next) => setParams(next),
    pagination: {
      offset,
      limit: pageSize,
      total: query.data?.total ?? 0,
      busy: query.loading,
      onChange: (next) => setParams(withParams(params, { page: next / pageSize + 1 })),
    },
  };
}
