import {
  connectorLimits,
  type ConnectorMapping,
  type PendingDevice,
  type SparkplugSource,
} from '@dtwin/contracts/connectors';
import type { DriverContext, SourceValue } from '../connector-driver';
import {
  decodeSparkplug,
  parseSparkplugTopic,
  rebirthRequest,
  sparkplugTopic,
  type SparkplugMessage,
  type SparkplugTopic,
} from './sparkplug-codec';

/** What a host application knows of one edge node since its last birth. */
interface NodeState {
  /** The next expected `seq` (0–255), or null before a birth. */
  nextSeq: number | null;
  /** alias → metric name, per device ('' = the node itself). */
  aliases: Map<string, Map<number, string>>;
  lastRebirthRequest: number;
}

const REBIRTH_EVERY_MS = 5000;
/** Every node has these (bdSeq, Node Control/Rebirth…): they say nothing about a machine. */
const isControl = (name: string) =>
  name === 'bdSeq' || name.startsWith('Node Control/') || name.startsWith('Properties/');
/** Messages waiting to be handled, per connector; beyond it they are dropped and counted. */
const MAX_QUEUED = 1000;
const keyOf = (edgeNode: string, device: string | null, metric: string) =>
  `${edgeNode}\u0000${device ?? ''}\u0000${metric}`;
const deviceKey = (edgeNode: string, device: string | null) => `${edgeNode}\u0000${device ?? ''}`;

/**
 * The host-application side of Sparkplug B for one connector: resolves aliases from births,
 * follows `seq` (a gap or data before a birth asks the node to rebirth with an NCMD), turns
 * deaths into offline devices, and lists unknown devices as pending when `auto_map` is on.
 */
export function createSparkplugSession(
  ctx: DriverContext,
  options: {
    group: string;
    autoMap: boolean;
    publish: (topic: string, payload: Buffer) => Promise<void>;
    now: () => number;
  },
) {
  const byKey = new Map<string, ConnectorMapping>();
  const mappedDevices = new Map<string, Set<string>>(); // edge/device → device ids
  for (const mapping of ctx.connector.mappings) {
    const s = mapping.source as SparkplugSource;
    byKey.set(keyOf(s.edge_node, s.device ?? null, s.metric), mapping);
    const k = deviceKey(s.edge_node, s.device ?? null);
    mappedDevices.set(k, (mappedDevices.get(k) ?? new Set()).add(mapping.device_id));
  }
  const nodes = new Map<string, NodeState>();
  const pending = new Map<string, PendingDevice>();

  const nodeOf = (edgeNode: string): NodeState => {
    let node = nodes.get(edgeNode);
    if (!node) {
      if (nodes.size >= 10_000) nodes.clear();
      nodes.set(edgeNode, (node = { nextSeq: null, aliases: new Map(), lastRebirthRequest: 0 }));
    }
    return node;
  };

  async function requestRebirth(edgeNode: string, why: string): Promise<void> {
    const node = nodeOf(edgeNode);
    const now = options.now();
    if (now - node.lastRebirthRequest < REBIRTH_EVERY_MS) return;
    node.lastRebirthRequest = now;
    ctx.logger.info({ edgeNode }, `asking the edge node to rebirth: ${why}`);
    await options.publish(sparkplugTopic(options.group, 'NCMD', edgeNode), rebirthRequest(now));
  }

  function notePending(topic: SparkplugTopic, message: SparkplugMessage, aliases: Map<number, string>) {
    if (!options.autoMap) return;
    const k = deviceKey(topic.edgeNode, topic.device);
    if (mappedDevices.has(k)) return;
    const entry = pending.get(k);
    const metrics = message.metrics
      .map((m) => ({ name: m.name ?? (m.alias !== null ? aliases.get(m.alias) : undefined), type: m.type }))
      .filter((m): m is { name: string; type: string } => typeof m.name === 'string' && !isControl(m.name));
    if (metrics.length === 0) return;
    if (entry) {
      const known = new Set(entry.metrics.map((m) => m.name));
      for (const m of metrics) if (!known.has(m.name) && entry.metrics.length < 256) entry.metrics.push(m);
      return;
    }
    if (pending.size >= connectorLimits.pendingDevices) return;
    pending.set(k, {
      edge_node: topic.edgeNode,
      device: topic.device,
      metrics: metrics.slice(0, 256),
      first_seen: new Date(options.now()).toISOString(),
    });
  }

  /** Mapped values of a birth or data message. */
  function valuesOf(
    topic: SparkplugTopic,
    message: SparkplugMessage,
    aliases: Map<number, string>,
  ): SourceValue[] {
    const values: SourceValue[] = [];
    for (const metric of message.metrics) {
      const name = metric.name ?? (metric.alias !== null ? aliases.get(metric.alias) : undefined);
      if (name === undefined) continue;
      const mapping = byKey.get(keyOf(topic.edgeNode, topic.device, name));
      if (!mapping) continue;
      if (typeof metric.value !== 'number' && typeof metric.value !== 'boolean') {
        ctx.mappingError(mapping, `metric ${name} is ${metric.type}, not a number or boolean`);
        continue;
      }
      ctx.mappingError(mapping, null);
      values.push({
        mapping,
        value: metric.value,
        ts: metric.timestamp ?? message.timestamp ?? options.now(),
      });
    }
    return values;
  }

  async function handle(topic: SparkplugTopic, message: SparkplugMessage): Promise<void> {
    const node = nodeOf(topic.edgeNode);
    const scope = topic.device ?? '';
    if (topic.type === 'NBIRTH') {
      node.aliases = new Map();
      node.nextSeq = message.seq === null ? null : (message.seq + 1) % 256;
    } else if (topic.type === 'NDEATH') {
      node.nextSeq = null;
      const gone = [...mappedDevices].filter(([k]) => k.startsWith(`${topic.edgeNode}\u0000`));
      await ctx.offline([...new Set(gone.flatMap(([, ids]) => [...ids]))]);
      return;
    } else {
      // DBIRTH, DDEATH, NDATA, DDATA carry the node's sequence number.
      if (node.nextSeq === null) return requestRebirth(topic.edgeNode, `${topic.type} before its birth`);
      if (message.seq !== node.nextSeq) {
        const expected = node.nextSeq;
        node.nextSeq = null;
        return requestRebirth(topic.edgeNode, `sequence gap (expected ${expected}, got ${message.seq})`);
      }
      node.nextSeq = (node.nextSeq + 1) % 256;
    }
    if (topic.type === 'DDEATH') {
      await ctx.offline([...(mappedDevices.get(deviceKey(topic.edgeNode, topic.device)) ?? [])]);
      return;
    }
    if (topic.type === 'NBIRTH' || topic.type === 'DBIRTH') {
      const aliases = new Map<number, string>();
      for (const m of message.metrics) if (m.alias !== null && m.name) aliases.set(m.alias, m.name);
      node.aliases.set(scope, aliases);
    }
    const aliases = node.aliases.get(scope);
    if (!aliases) return requestRebirth(topic.edgeNode, `${topic.type} of ${topic.device} before its birth`);
    notePending(topic, message, aliases);
    const values = valuesOf(topic, message, aliases);
    if (values.length > 0) await ctx.deliver(values);
  }

  // Handled one at a time, in arrival order: a death must not overtake the data before it.
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;

  return {
    /** One MQTT message on spBv1.0/{group}/#. */
    receive(topicName: string, payload: Buffer): void {
      if (queued >= MAX_QUEUED) {
        ctx.rejected(1);
        return;
      }
      queued += 1;
      queue = queue
        .then(() => receive(topicName, payload))
        .catch((err: unknown) => ctx.logger.warn({ err }, 'a Sparkplug message failed'))
        .finally(() => {
          queued -= 1;
        });
    },

    /** Resolves once the messages received so far are handled. */
    settled: () => queue,

    pending: (): PendingDevice[] => [...pending.values()].map((p) => structuredClone(p)),
    forgetPending: (edgeNode: string, device: string | null) => pending.delete(deviceKey(edgeNode, device)),
  };

  async function receive(topicName: string, payload: Buffer): Promise<void> {
    const topic = parseSparkplugTopic(topicName);
    if (!topic || topic.group !== options.group || topic.type === 'NCMD' || topic.type === 'DCMD') return;
    if (payload.length > connectorLimits.maxMessageBytes) {
      ctx.rejected(1);
      ctx.logger.warn(
        { topic: topicName.slice(0, 200), bytes: payload.length },
        'Sparkplug message too large; ignored',
      );
      return;
    }
    let message: SparkplugMessage;
    try {
      message = decodeSparkplug(payload);
    } catch {
      ctx.rejected(1);
      ctx.logger.warn({ topic: topicName.slice(0, 200) }, 'not a Sparkplug B payload; ignored');
      return;
    }
    await handle(topic, message);
  }
}
