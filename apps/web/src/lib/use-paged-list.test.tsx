import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { currentUrl } from '../test/render-app';
import { SocketContext, type AppSocketManager } from './socket-hooks';
import { usePagedList, type PageRequest } from './use-paged-list';

type Filters = { q: string };
type Page = { items: string[]; total: number };

/** Only what the resync epoch needs from the socket manager, with a way to reconnect. */
function fakeSockets() {
  let epoch = 0;
  const listeners = new Set<() => void>();
  const manager = {
    getResyncEpoch: () => epoch,
    subscribeResync: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as AppSocketManager;
  const reconnect = () => {
    epoch += 1;
    listeners.forEach((l) => l());
  };
  return { manager, reconnect };
}

function setup(path: string, resync = false) {
  const load = vi.fn(async (filters: Filters, page: PageRequest): Promise<Page> => ({
    items: [`${filters.q || 'all'}@${page.offset}`],
    total: 42,
  }));
  function Probe() {
    const list = usePagedList({
      name: 'things',
      pageSize: 10,
      readFilters: (params): Filters => ({ q: params.get('q') ?? '' }),
      load: (filters, page) => load(filters, page),
      resync,
    });
    return (
      <>
        <p role="status">
          {list.loading ? 'loading' : `${list.data?.items.join()} of ${list.pagination.total}`}
        </p>
        <button onClick={() => list.applyFilters({ q: 'pump' })}>Filter</button>
        <button onClick={() => list.pagination.onChange(20)}>Page 3</button>
      </>
    );
  }
  const sockets = fakeSockets();
  const router = createMemoryRouter([{ path: '/things', element: <Probe /> }], { initialEntries: [path] });
  render(
    <SocketContext value={sockets.manager}>
      <RouterProvider router={router} />
    </SocketContext>,
  );
  return { load, router, reconnect: sockets.reconnect, user: userEvent.setup() };
}

describe('usePagedList', () => {
  it('fetches the page and the filters the URL names', async () => {
    const { load } = setup('/things?q=valve&page=2');
    expect(await screen.findByText('valve@10 of 42')).toBeTruthy();
    expect(load).toHaveBeenCalledWith({ q: 'valve' }, { limit: 10, offset: 10 });
  });

  it('applies filters from the first page, and pages through the URL', async () => {
    const { load, router, user } = setup('/things?page=4');
    await screen.findByText('all@30 of 42');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByText('pump@0 of 42')).toBeTruthy();
    expect(currentUrl(router)).toBe('/things?q=pump');
    await user.click(screen.getByRole('button', { name: 'Page 3' }));
    expect(await screen.findByText('pump@20 of 42')).toBeTruthy();
    expect(currentUrl(router)).toBe('/things?q=pump&page=3');
    expect(load).toHaveBeenLastCalledWith({ q: 'pump' }, { limit: 10, offset: 20 });
  });

  it('fetches again after a reconnection when the list follows live events', async () => {
    const { load, reconnect } = setup('/things', true);
    await screen.findByText('all@0 of 42');
    act(reconnect);
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(2));
  });

  it('does not fetch again after a reconnection otherwise', async () => {
    const { load, reconnect } = setup('/things');
    await screen.findByText('all@0 of 42');
    act(reconnect);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(load).toHaveBeenCalledTimes(1);
  });
});
