import { expect, vi } from 'vitest';

/** Answers file routes with raw bytes (the JSON fake server cannot), everything else as before. */
export function serveFiles(files: Record<string, (url: URL) => Response>) {
  const api = globalThis.fetch;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const file = files[`${(init?.method ?? 'GET').toUpperCase()} ${url.pathname}`];
    if (file) {
      expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer token-of-vera');
      return Promise.resolve(file(url));
    }
    return api(input, init);
  });
}

/** jsdom's Blob has no text(). */
export function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** What was handed to the browser to save. */
export function captureSaves() {
  const saved: Array<{ name: string; blob: Blob }> = [];
  const blobs = new Map<string, Blob>();
  vi.stubGlobal(
    'URL',
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        const url = `blob:test/${blobs.size}`;
        blobs.set(url, blob);
        return url;
      },
      revokeObjectURL: () => {},
    }),
  );
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href)! });
  });
  return saved;
}
