import mqtt from 'mqtt';
import type { SparkplugTransport } from './sparkplug-transport';

// Its own module, imported on demand (sparkplug.driver.ts): mqtt.js loads with the first
// connector on an external broker, not at every start.

/** A client of an external broker; the runtime reconnects (with backoff) when it is lost. */
export async function openExternal(
  options: { url: string; username?: string; password?: string; clientId: string; timeoutMs: number },
  lost: (err: Error) => void,
): Promise<SparkplugTransport> {
  const client = await mqtt
    .connectAsync(options.url, {
      clientId: options.clientId,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      reconnectPeriod: 0,
      connectTimeout: options.timeoutMs,
      clean: true,
    })
    .catch((err: unknown) => {
      throw new Error(
        `cannot connect to ${new URL(options.url).host}: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  let closing = false;
  const handlers: Array<{ filter: string; onMessage: (topic: string, payload: Buffer) => void }> = [];
  client.on('message', (topic, payload) => {
    for (const h of handlers) h.onMessage(topic, payload);
  });
  client.on('close', () => {
    if (!closing) lost(new Error(`the connection to ${new URL(options.url).host} closed`));
  });
  client.on('error', () => undefined);
  return {
    async subscribe(filter, onMessage) {
      handlers.push({ filter, onMessage });
      await client.subscribeAsync(filter, { qos: 0 });
    },
    async publish(topic, payload) {
      await client.publishAsync(topic, payload, { qos: 0 });
    },
    async close() {
      closing = true;
      await client.endAsync(true).catch(() => undefined);
    },
  };
}
