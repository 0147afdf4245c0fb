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
