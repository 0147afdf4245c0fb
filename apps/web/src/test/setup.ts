import { installFriendlyMessages } from '@dtwin/contracts/messages';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import FakeUPlot from './fake-uplot';
import { resetFakeSockets } from './fake-socket';

// No test opens a real socket or draws on a canvas (jsdom has neither); the fakes record instead.
vi.mock('socket.io-client', () => import('./fake-socket'));
vi.mock('uplot', () => import('./fake-uplot'));

// findBy… waits up to 1 s by default; a loaded CI machine running every file at once needs longer.
configure({ asyncUtilTimeout: 5000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
  document.body.className = '';
  resetFakeSockets();
  FakeUPlot.instances.length = 0;
});

// The page installs these in main.tsx; tests see the same messages.
installFriendlyMessages();
