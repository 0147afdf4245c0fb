import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installFriendlyMessages } from '@dtwin/contracts/messages';
import { config as configureZod } from 'zod';
// Global styles first, so component styles come later in the cascade.
import './app/styles/tokens.css';
import './app/styles/base.css';
import { App } from './app/App';
import { applyTheme, readStoredTheme, systemTheme } from './app/theme/theme';

// The CSP forbids eval. Without this, zod probes `new Function` on first parse and the browser
// files a CSP violation report; jitless validation is plenty fast for API answers.
configureZod({ jitless: true });
// Validation messages in words ("at most 120 characters"), the same as the server's.
installFriendlyMessages();

// Set the theme before the first paint; there is no inline script in index.html to do it (CSP).
applyTheme(readStoredTheme() ?? systemTheme());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
