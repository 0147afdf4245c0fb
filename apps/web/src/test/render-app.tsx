import type { WhoAmI } from '@dtwin/contracts/auth';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { appRoutes } from '../app/routes';
import { TOKEN_KEY } from '../lib/token-storage';

/** Renders the whole app, routes and providers included, at `path`. */
export function renderApp(path: string) {
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
  const user = userEvent.setup();
  render(<RouterProvider router={router} />);
  return { router, user };
}

/** Stores a token as if `who` had signed in; pair it with a `GET /api/whoami` route answering `who`. */
export function signInAs(who: WhoAmI): string {
  const token = `token-of-${who.username}`;
  localStorage.setItem(TOKEN_KEY, token);
  return token;
}

/** The text of the elements that describe `element` (hints, errors). */
export function descriptionOf(element: HTMLElement): string {
  const ids = element.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

export function currentUrl(router: ReturnType<typeof createMemoryRouter>): string {
  const { pathname, search } = router.state.location;
  return pathname + search;
}
