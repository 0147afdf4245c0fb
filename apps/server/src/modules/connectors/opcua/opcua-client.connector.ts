import type { ClientSession, ClientSubscription, DataValue, OPCUAClient } from 'node-opcua';
import type {
  OpcuaBrowseResponse,
  OpcuaConfig,
  OpcuaSource,
  TestReadItem,
} from '@dtwin/contracts/connectors-opcua';
import type { Logger } from '../../../lib/logger';
import type { OpcuaLibrary } from './opcua-library';
import { restrictModes } from './opcua-pki';
import { browseChildren, inspectNodes, type NodeCheck } from './opcua-session-ops';
import { rawValueOf, readingValueOf, timestampOf, variantFor, describeStatus } from './opcua-values';

export interface OpcuaMapping {
  device_id: string;
  metric: string;
  source: OpcuaSource;
  scale?: number | undefined;
  offset?: number | undefined;
}

export interface ConnectorReading {
  deviceId: string;
  metric: string;
  value: number | boolean;
  /** The OPC UA server's source timestamp. */
  ts: Date;
}

export interface OpcuaConnectorStatus {
  state: 'connected' | 'connecting' | 'error' | 'disabled';
  last_error: string | null;
  mapping_errors: Array<{ device_id: string; metric: string; error: string }>;
  /** While reconnecting: which attempt comes next and when. */
  retry: { attempt: number; at: string } | null;
}

export interface OpcuaConnectorOptions {
  id: string;
  /** The config with its password decrypted. */
  config: OpcuaConfig;
  mappings: OpcuaMapping[];
  /** The client's certificate store (under the data directory). */
  pkiFolder: string;
  load: () => Promise<OpcuaLibrary>;
  logger: Logger;
  onReading: (reading: ConnectorReading) => void;
  /** A value the source sent that cannot be a reading (bad status, wrong type). */
  onRejected?: (mapping: OpcuaMapping, reason: string) => void;
  onStatus?: (status: OpcuaConnectorStatus) => void;
  backoff?: { initialMs: number; maxMs: number };
}

interface Live {
  lib: OpcuaLibrary;
  client: OPCUAClient;
  session: ClientSession;
  subscription: ClientSubscription;
  nodes: Map<string, NodeCheck>;
}

/**
 * One OPC UA connector: connects, subscribes to every mapped variable (monitored items, the server's
 * source timestamps), and reconnects with exponential backoff when the connection or the server is
 * lost. node-opcua's own reconnection is left off so that a restarted server (whose sessions and
 * subscriptions are gone) is handled the same way as a first connection.
 */
export function createOpcuaConnector(options: OpcuaConnectorOptions) {
  const { config, logger, backoff = { initialMs: 500, maxMs: 30_000 } } = options;
  const log = logger.child({ connector: options.id });
  const byNode = new Map<string, OpcuaMapping[]>();
  for (const m of options.mappings)
    byNode.set(m.source.node_id, [...(byNode.get(m.source.node_id) ?? []), m]);
  // The last source timestamp delivered per node: the initial notification after a reconnect
  // repeats it for an unchanged value, and is not a new reading.
  const lastTs = new Map<string, number>();

  let status: OpcuaConnectorStatus = {
    state: 'connecting',
    last_error: null,
    mapping_errors: [],
    retry: null,
  };
  let live: Live | undefined;
  let stopped = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let connecting: Promise<void> | undefined;

  const setStatus = (next: Partial<OpcuaConnectorStatus>) => {
    status = { ...status, ...next };
    options.onStatus?.(status);
  };

  async function connect(): Promise<void> {
    const lib = await options.load();
    const {
      OPCUAClient,
      MessageSecurityMode,
      SecurityPolicy,
      UserTokenType,
      AttributeIds,
      TimestampsToReturn,
    } = lib;
    setStatus({ state: 'connecting', retry: null });
    const client = OPCUAClient.create({
      applicationName: 'dtwin',
      endpointMustExist: false,
      keepSessionAlive: true,
      securityMode: MessageSecurityMode[config.security_mode],
      securityPolicy: SecurityPolicy[config.security_policy],
      // One quick try: this connector's own loop retries, with its backoff shown in the status.
      connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
      clientCertificateManager: new lib.OPCUACertificateManager({
        rootFolder: options.pkiFolder,
        automaticallyAcceptUnknownCertificate: true,
      }),
    });
    try {
      await client.connect(config.endpoint_url);
      restrictModes(options.pkiFolder);
      const session = await client.createSession(
        config.username
          ? { type: UserTokenType.UserName, userName: config.username, password: config.password ?? '' }
          : { type: UserTokenType.Anonymous },
      );
      const nodes = new Map((await inspectNodes(lib, session, [...byNode.keys()])).map((n) => [n.nodeId, n]));
      const mappingErrors = [...nodes.values()].flatMap((n) =>
        n.error
          ? (byNode.get(n.nodeId) ?? []).map((m) => ({
              device_id: m.device_id,
              metric: m.metric,
              error: `${n.nodeId}: ${n.error}`,
            }))
          : [],
      );
      for (const e of mappingErrors) log.warn({ mapping: e }, 'OPC UA mapping cannot be read');
      const subscription = await session.createSubscription2({
        requestedPublishingInterval: config.sampling_interval_ms,
        requestedLifetimeCount: 100,
        requestedMaxKeepAliveCount: 10,
        maxNotificationsPerPublish: 1000,
        publishingEnabled: true,
        priority: 1,
      });
      const good = [...nodes.values()].filter((n) => !n.error).map((n) => n.nodeId);
      if (good.length > 0) {
        const group = await subscription.monitorItems(
          good.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
          { samplingInterval: config.sampling_interval_ms, discardOldest: true, queueSize: 10 },
          TimestampsToReturn.Both,
        );
        group.on('changed', (item, dataValue) => deliver(item.itemToMonitor.nodeId.toString(), dataValue));
      }
      const lost = (why: string) => void onLost(client, why);
      client.on('connection_lost', () => lost('the connection to the OPC UA server was lost'));
      subscription.on('terminated', () => lost('the OPC UA server ended the subscription'));
      session.on('session_closed', () => lost('the OPC UA server closed the session'));
      live = { lib, client, session, subscription, nodes };
      attempt = 0;
      setStatus({ state: 'connected', last_error: null, mapping_errors: mappingErrors, retry: null });
      log.info({ endpoint: config.endpoint_url, items: good.length }, 'OPC UA connector connected');
    } catch (err) {
      await client.disconnect().catch(() => undefined);
      throw err;
    }
  }

  function deliver(nodeId: string, dv: DataValue): void {
    const mappings = byNode.get(nodeId) ?? [];
    if (dv.statusCode.isNotGood()) {
      for (const m of mappings) options.onRejected?.(m, `${nodeId}: ${describeStatus(dv.statusCode)}`);
      return;
    }
    const ts = timestampOf(dv, new Date());
    if (lastTs.get(nodeId) === ts.getTime()) return;
    lastTs.set(nodeId, ts.getTime());
    for (const m of mappings) {
      const v = readingValueOf(dv.value.value, m);
      if ('error' in v) options.onRejected?.(m, `${nodeId}: ${v.error}`);
      else options.onReading({ deviceId: m.device_id, metric: m.metric, value: v.value, ts });
    }
  }

  async function onLost(client: OPCUAClient, why: string): Promise<void> {
    if (stopped || live?.client !== client) return;
    live = undefined;
    log.warn({ why }, 'OPC UA connector lost its server; reconnecting');
    await client.disconnect().catch(() => undefined);
    scheduleRetry(why);
  }

  function scheduleRetry(why: string): void {
    if (stopped) return;
    attempt += 1;
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt - 1, 16));
    const at = new Date(Date.now() + delay);
    setStatus({
      state: 'error',
      last_error: `${why}; retry ${attempt} in ${Math.round(delay / 100) / 10} s`,
      retry: { attempt, at: at.toISOString() },
    });
    clearTimeout(timer);
    timer = setTimeout(() => void tryConnect(), delay);
  }

  function tryConnect(): Promise<void> {
    connecting ??= connect()
      .catch((err: unknown) => {
        const why = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        log.warn({ err: why, endpoint: config.endpoint_url }, 'OPC UA connector cannot connect');
        scheduleRetry(`cannot connect to ${config.endpoint_url}: ${why}`);
      })
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  }

  function connected(): Live {
    if (!live) throw new NotConnectedError(status.last_error ?? 'the connector is not connected yet');
    return live;
  }

  return {
    /** Starts connecting; resolves after the first attempt (connected or not). */
    start(): Promise<void> {
      stopped = false;
      return tryConnect();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await connecting;
      const current = live;
      live = undefined;
      if (current) {
        await current.subscription.terminate().catch(() => undefined);
        await current.session.close().catch(() => undefined);
        await current.client.disconnect().catch(() => undefined);
      }
      setStatus({ state: 'disabled', retry: null });
    },
    status: (): OpcuaConnectorStatus => status,
    /** Children of `nodeId` (default: the Objects folder) on the connected server. */
    async browse(nodeId = 'i=85'): Promise<OpcuaBrowseResponse> {
      const { lib, session } = connected();
      return browseChildren(lib, session, nodeId);
    },
    /** Reads every mapping now. */
    async testRead(): Promise<TestReadItem[]> {
      const { lib, session } = connected();
      const checks = new Map(
        (await inspectNodes(lib, session, [...byNode.keys()])).map((n) => [n.nodeId, n]),
      );
      return options.mappings.map((m) => {
        const check = checks.get(m.source.node_id);
        const base = { device_id: m.device_id, metric: m.metric };
        if (!check?.value || check.error)
          return { ...base, value: null, source_timestamp: null, error: check?.error ?? 'no value' };
        const v = readingValueOf(check.value.value.value, m);
        return 'error' in v
          ? { ...base, value: null, source_timestamp: null, error: v.error }
          : {
              ...base,
              value: v.value,
              source_timestamp: timestampOf(check.value, new Date()).toISOString(),
              error: null,
            };
      });
    },
    /** Whether a device's metric or property is mapped here (so a desired value can be written). */
    maps: (deviceId: string, metric: string): boolean =>
      options.mappings.some((m) => m.device_id === deviceId && m.metric === metric),
    /**
     * Writes a desired value to the mapped variable (scale and offset undone); the reported value
     * then follows the read-back, which arrives through the subscription like any change.
     */
    async write(deviceId: string, metric: string, value: number | boolean): Promise<void> {
      const mapping = options.mappings.find((m) => m.device_id === deviceId && m.metric === metric);
      if (!mapping) throw new Error(`${deviceId}.${metric} is not mapped by connector ${options.id}`);
      const { lib, session, nodes } = connected();
      const nodeId = mapping.source.node_id;
      const dataType = nodes.get(nodeId)?.dataType;
      if (dataType === undefined)
        throw new Error(`${nodeId}: ${nodes.get(nodeId)?.error ?? 'unknown data type'}`);
      const variant = variantFor(lib, dataType, rawValueOf(value, mapping));
      const result = await session.write({
        nodeId,
        attributeId: lib.AttributeIds.Value,
        value: { value: variant },
      });
      if (result.isNotGood()) throw new Error(`${nodeId}: ${describeStatus(result)}`);
      log.info({ nodeId, device: deviceId, metric }, 'wrote a desired value to OPC UA');
    },
  };
}

export type OpcuaConnector = ReturnType<typeof createOpcuaConnector>;

/** Browse, test-read or write while the connector has no session. */
export class NotConnectedError extends Error {
  override name = 'NotConnectedError';
}
