/** How this process reaches the MQTT broker; set by the runtime once the broker is up. */
export interface BrokerStatus {
  mode: 'embedded' | 'external';
  connected(): boolean;
  /** External broker only: whether the shared subscription is in place on the current connection. */
  subscribed?(): boolean;
  /** Connected MQTT clients, known only for the embedded broker. */
  clients(): number | null;
}

/**
 * What the runtime started, for the readiness probe, /api/system and /metrics: the HTTP app is
 * built from the container and the runtime starts afterwards, so it reports here.
 */
export function createRuntimeStatus() {
  let broker: BrokerStatus | null = null;
  return {
    setBroker(status: BrokerStatus | null): void {
      broker = status;
    },
    get broker(): BrokerStatus | null {
      return broker;
    },
  };
}

export type RuntimeStatus = ReturnType<typeof createRuntimeStatus>;
