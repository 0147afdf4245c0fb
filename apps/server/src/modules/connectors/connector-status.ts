import type { Connector, ConnectorStatus } from '@dtwin/contracts/connectors';
import type { ConnectorRuntime } from './connector-runtime';

/** A connector's status: the runtime's when this process runs it, else what can be said. */
export function createConnectorStatusReader(runtime: Pick<ConnectorRuntime, 'status' | 'running'>) {
  const idle = (state: ConnectorStatus['state'], lastError: string | null): ConnectorStatus => ({
    state,
    last_error: lastError,
    readings: 0,
    rejected: 0,
    last_reading_at: null,
    mapping_errors: [],
  });
  return {
    of(connector: Connector): ConnectorStatus {
      if (!connector.enabled) return idle('disabled', null);
      const status = runtime.status(connector.id);
      if (status) return status;
      return runtime.running()
        ? idle('connecting', null)
        : idle('connecting', 'connectors run in the ingest process; none has started it yet');
    },
  };
}

export type ConnectorStatusReader = ReturnType<typeof createConnectorStatusReader>;
