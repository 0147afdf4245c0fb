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
import { describeStatus, readingValueOf, timestampOf, variantFor } from './opcua-values';

export interface OpcuaMapping {
  device_id: string;
  metric: string;
  source: OpcuaSource;
  scale?: number | undefined;
  offset?: number | undefined;
}

/** A raw value (not scaled) of one mapping, with the OPC UA server's source timestamp (epoch ms). */
export interface OpcuaValue<M extends OpcuaMapping = OpcuaMapping> {
  mapping: M;
  value: number | boolean;
  ts: number;
}

export interface OpcuaSessionOptions<M extends OpcuaMapping> {
  lib: OpcuaLibrary;
  /** The config with its password decrypted. */
  config: OpcuaConfig;
  mappings: M[];
  /** The client's certificate store (under the data directory). */
  pkiFolder: string;
  logger: Logger;
  deliver(values: OpcuaValue<M>[]): void;
  /** The connection, session or subscription is gone: the caller reconnects. */
  lost(err: Error): void;
  /** A mapping cannot be read (unknown node…), or `null` when it reads again. */
  mappingError(mapping: M, error: string | null): void;
  /** Values the server sent that cannot be readings (bad status, not a number). */
  rejected(count: number, why: string): void;
}

/**
 * One connection to an OPC UA server: connects (one try: reconnection with backoff is the
 * caller's), checks every mapped node, subscribes to the good ones (monitored items with the
 * server's source timestamps), and reports a lost connection once. node-opcua's own reconnection
 * is off, so a restarted server (whose sessions are gone) is handled like a first connection.
 */
export async function openOpcuaSession<M extends OpcuaMapping>(options: OpcuaSessionOptions<M>) {
  const { lib, config, logger } = options;
  const {
    OPCUAClient,
    MessageSecurityMode,
    SecurityPolicy,
    UserTokenType,
    AttributeIds,
    TimestampsToReturn,
  } = lib;
  const byNode = new Map<string, M[]>();
  for (const m of options.mappings)
    byNode.set(m.source.node_id, [...(byNode.get(m.source.node_id) ?? []), m]);

  const client: OPCUAClient = OPCUAClient.create({
    applicationName: 'dtwin',
    endpointMustExist: false,
    keepSessionAlive: true,
    securityMode: MessageSecurityMode[config.security_mode],
    securityPolicy: SecurityPolicy[config.security_policy],
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    clientCertificateManager: new lib.OPCUACertificateManager({
      rootFolder: options.pkiFolder,
      // The server's certificate is accepted on first sight (and kept under trusted/); one moved
      // to rejected/ by an admin stays refused.
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  let closed = false;
  let session: ClientSession | undefined;
  let subscription: ClientSubscription | undefined;
  const lost = (why: string) => {
    if (closed) return;
    closed = true;
    logger.warn({ why }, 'OPC UA connection lost');
    void teardown();
    options.lost(new Error(why));
  };
  async function teardown() {
    await subscription?.terminate().catch(() => undefined);
    await session?.close().catch(() => undefined);
    await client.disconnect().catch(() => undefined);
  }

  let nodes: Map<string, NodeCheck>;
  try {
    await client.connect(config.endpoint_url);
    restrictModes(options.pkiFolder);
    session = await client.createSession(
      config.username
        ? { type: UserTokenType.UserName, userName: config.username, password: config.password ?? '' }
        : { type: UserTokenType.Anonymous },
    );
    nodes = new Map((await inspectNodes(lib, session, [...byNode.keys()])).map((n) => [n.nodeId, n]));
    for (const [nodeId, check] of nodes)
      for (const m of byNode.get(nodeId) ?? [])
        options.mappingError(m, check.error ? `${nodeId}: ${check.error}` : null);
    subscription = await session.createSubscription2({
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
    client.on('connection_lost', () => lost('the connection to the OPC UA server was lost'));
    subscription.on('terminated', () => lost('the OPC UA server ended the subscription'));
    session.on('session_closed', () => lost('the OPC UA server closed the session'));
    logger.info({ endpoint: config.endpoint_url, items: good.length }, 'OPC UA connected');
  } catch (err) {
    closed = true;
    await teardown();
    throw err;
  }

  // The last source timestamp delivered per node: the first notification after a reconnect
  // repeats it for an unchanged value, and is not a new reading.
  const lastTs = new Map<string, number>();
  function deliver(nodeId: string, dv: DataValue): void {
    const mappings = byNode.get(nodeId) ?? [];
    if (dv.statusCode.isNotGood()) {
      options.rejected(mappings.length, `${nodeId}: ${describeStatus(dv.statusCode)}`);
      return;
    }
    const ts = timestampOf(dv, new Date()).getTime();
    if (lastTs.get(nodeId) === ts) return;
    lastTs.set(nodeId, ts);
    const values: OpcuaValue<M>[] = [];
    for (const mapping of mappings) {
      const v = readingValueOf(dv.value.value, {});
      if ('error' in v) options.rejected(1, `${nodeId}: ${v.error}`);
      else values.push({ mapping, value: v.value, ts });
    }
    if (values.length > 0) options.deliver(values);
  }

  const live = () => {
    if (closed || !session) throw new Error('the OPC UA connection is closed');
    return session;
  };

  return {
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await teardown();
    },
    /** Children of `nodeId` (default: the Objects folder). */
    async browse(nodeId = 'i=85'): Promise<OpcuaBrowseResponse> {
      return browseChildren(lib, live(), nodeId);
    },
    /** Reads every mapping now (scale and offset applied). */
    async testRead(): Promise<TestReadItem[]> {
      const checks = new Map((await inspectNodes(lib, live(), [...byNode.keys()])).map((n) => [n.nodeId, n]));
      return options.mappings.map((m) => {
        const check = checks.get(m.source.node_id);
        const base = { device_id: m.device_id, metric: m.metric };
        if (!check?.value || check.error)
          return { ...base, value: null, source_timestamp: null, error: check?.error ?? 'no value' };
        const v = readingValueOf(check.value.value.value, m);
        if ('error' in v) return { ...base, value: null, source_timestamp: null, error: v.error };
        const ts = timestampOf(check.value, new Date()).toISOString();
        return { ...base, value: v.value, source_timestamp: ts, error: null };
      });
    },
    /**
     * Writes a raw value (scale and offset already undone) to the mapped variable, typed as the
     * variable is; the reported value then follows the read-back through the subscription.
     */
    async write(mapping: OpcuaMapping, raw: number | boolean): Promise<void> {
      const nodeId = mapping.source.node_id;
      const dataType = nodes.get(nodeId)?.dataType;
      if (dataType === undefined)
        throw new Error(`${nodeId}: ${nodes.get(nodeId)?.error ?? 'unknown data type'}`);
      const result = await live().write({
        nodeId,
        attributeId: AttributeIds.Value,
        value: { value: variantFor(lib, dataType, raw) },
      });
      if (result.isNotGood()) throw new Error(`${nodeId}: ${describeStatus(result)}`);
    },
  };
}

export type OpcuaLiveSession = Awaited<ReturnType<typeof openOpcuaSession>>;
