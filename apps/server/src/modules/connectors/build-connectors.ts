import type { Kysely } from 'kysely';
import type { Keyring } from '../../crypto/fernet';
import type { Tables } from '../../db/tables';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import type { IngestService } from '../ingest/ingest.service';
import type { ModelsService } from '../models/models.service';
import type { TwinService } from '../twin/twin.service';
import type { ConnectorDrivers } from './connector-driver';
import { createPendingDevices } from './connector-pending';
import { createConnectorRuntime, type Backoff } from './connector-runtime';
import { createConnectorStatusReader } from './connector-status';
import { createConnectorsRepository } from './connectors.repository';
import { createConnectorsService } from './connectors.service';
import { createModbusDriver } from './modbus/modbus.driver';
import { createOpcuaLoader } from './opcua/opcua-library';
import { createOpcuaDriver } from './opcua/opcua.driver';
import path from 'node:path';
import { createSparkplugDriver } from './sparkplug/sparkplug.driver';
import { createSparkplugGuests } from './sparkplug/sparkplug-guests';
import { createLocalBrokerLink } from './sparkplug/sparkplug-transport';

/**
 * Connectors: their service (config, secrets encrypted with the keyring, mappings), the runtime
 * that runs them in the ingest process, and one driver per connector type.
 */
export function buildConnectors({
  db,
  keyring,
  audit,
  devices,
  models,
  twin,
  ingest,
  bus,
  clock,
  logger,
  backoff,
  dataDir,
}: {
  db: Kysely<Tables>;
  keyring: Keyring;
  audit: AuditService;
  devices: DevicesService;
  models: ModelsService;
  twin: TwinService;
  ingest: IngestService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
  backoff?: Backoff;
  /** OPC UA client certificates live under it. */
  dataDir: string;
}) {
  const connectors = createConnectorsService({
    connectors: createConnectorsRepository(db),
    devices,
    models,
    encryption: keyring,
    audit,
    bus,
    clock,
  });
  // node-opcua loads after the HTTP server listens (`opcuaLoader.allow()`), and only when used.
  const opcuaLoader = createOpcuaLoader(logger.child({ module: 'opcua' }));
  // The embedded broker, once the runtime has started it (Sparkplug connectors on it).
  const localBroker = createLocalBrokerLink();
  const drivers: ConnectorDrivers = {
    modbus_tcp: createModbusDriver(),
    sparkplug_b: createSparkplugDriver({ localBroker, clock }),
    opcua: createOpcuaDriver({ load: opcuaLoader.load, pkiFolder: path.join(dataDir, 'opcua', 'pki') }),
  };
  const connectorRuntime = createConnectorRuntime({
    connectors,
    drivers,
    ingest,
    devices,
    models,
    twin,
    bus,
    clock,
    logger: logger.child({ module: 'connectors' }),
    ...(backoff ? { backoff } : {}),
  });
  return {
    connectors,
    connectorRuntime,
    opcuaLoader,
    connectorStatus: createConnectorStatusReader(connectorRuntime),
    /** Set by the runtime to the embedded broker it started. */
    localBroker,
    /** Sparkplug edge nodes signing in to the embedded broker. */
    brokerGuests: createSparkplugGuests(connectorRuntime.runningConnectors),
    pendingDevices: createPendingDevices({ connectors, runtime: connectorRuntime, devices, models }),
  };
}
