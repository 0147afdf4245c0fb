import type { Redis } from 'ioredis';

const READY_TIMEOUT_MS = 15_000;

/** A Redis URL fit for the log: without its password. */
export const redactedRedisUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** Resolves once the client is connected; rejects after 15 s, or when the connection ends. */
export function waitRedisReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError: Error | undefined;
    const onError = (err: Error) => (lastError = err);
    const onReady = () => done();
    const onEnd = () => done(new Error('connection closed'));
    const timer = setTimeout(
      () =>
        done(new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${lastError?.message ?? 'no answer'}`)),
      READY_TIMEOUT_MS,
    );
    function done(err?: Error) {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
      client.off('error', onError);
      if (err) reject(err);
      else resolve();
    }
    client.once('ready', onReady);
    client.once('end', onEnd);
    client.on('error', onError);
  });
}
