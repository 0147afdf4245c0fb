import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The API server the dev server forwards to (`npm start` runs it on port 8080). */
const apiServer = 'http://127.0.0.1:8080';

const proxy = {
  '/api': { target: apiServer },
  '/ingest': { target: apiServer },
  '/healthz': { target: apiServer },
  '/socket.io': { target: apiServer, ws: true },
};

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every asset a separate file: the CSP allows `img-src data:` but nothing inline elsewhere.
    assetsInlineLimit: 0,
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    unstubGlobals: true,
    restoreMocks: true,
  },
});
