import mqtt from 'mqtt';

/** Where a Sparkplug connector reads from: this server's embedded broker or an external one. */
export interface SparkplugTransport {
  subscribe(filter: string, onMessage: (topic: string, payload: Buffer) => void): Promise<void>;
  publish(topic: string, payload: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** The embedded broker as the server's own client sees it (mqtt/embedded-broker.ts). */
export interface LocalBroker {
  subscribe(
    filter: string,
    onMessage: (topic: string, payload: Buffer) => void,
  ): Promise<() => Promise<void>>;
  publish(topic: string, payload: Buffer): Promise<void>;
}

/** Filled in by the runtime once the embedded broker listens (none when MQTT_URL is set). */
export function createLocalBrokerLink() {
  let broker: LocalBroker | undefined;
  return {
    attach(b: LocalBroker | undefined) {
      broker = b;
    },
    get: () => broker,
  };
}
export type LocalBrokerLink = ReturnType<typeof createLocalBrokerLink>;

export function openEmbedded(link: LocalBrokerLink): SparkplugTransport {
  const broker = link.get();
  if (!broker)
    throw new Error('this process runs no embedded MQTT broker (MQTT_URL is set?): use broker "external"');
  const ends: Array<() => Promise<void>> = [];
  return {
    async subscribe(filter, onMessage) {
      ends.push(await broker.subscribe(filter, onMessage));
    },
    publish: (topic, payload) => broker.publish(topic, payload),
    async close() {
      for (const end of ends.splice(0)) await end();
    },
  };
}

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
