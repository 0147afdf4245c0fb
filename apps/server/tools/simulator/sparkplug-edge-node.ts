import mqtt, { type MqttClient } from 'mqtt';
import {
  decodeSparkplug,
  encodeSparkplug,
  sparkplugTopic,
  type OutgoingMetric,
} from '../../src/modules/connectors/sparkplug/sparkplug-codec';

/** A device behind the edge node: metric name → value; aliases are given in birth order. */
export interface EdgeDevice {
  name: string;
  metrics: Record<string, number | boolean>;
}

const typeOf = (v: number | boolean): OutgoingMetric['type'] =>
  typeof v === 'boolean' ? 'Boolean' : 'Double';

/**
 * A Sparkplug B edge node (what a gateway in front of PLCs does): NBIRTH/DBIRTH with aliases,
 * DDATA by alias with a sequence number, NDEATH as its MQTT will, rebirth on an NCMD, and
 * commands (DCMD) applied to its devices' metrics.
 */
export async function startEdgeNode(options: {
  url: string;
  group: string;
  edgeNode: string;
  devices: EdgeDevice[];
  username?: string;
  password?: string;
  /** A DCMD arrived and was applied. */
  onCommand?: (device: string, metric: string, value: number | boolean) => void;
}) {
  const { group, edgeNode } = options;
  const devices = new Map(options.devices.map((d) => [d.name, { ...d, metrics: { ...d.metrics } }]));
  let seq = 0;
  let bdSeq = 0;
  let alias = 0;
  const aliases = new Map<string, number>(); // device/metric → alias
  const received: string[] = [];
  const nextSeq = () => {
    const s = seq;
    seq = (seq + 1) % 256;
    return s;
  };
  const deathPayload = () =>
    encodeSparkplug({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', type: 'Int64', value: bdSeq }] });

  const client: MqttClient = await mqtt.connectAsync(options.url, {
    clientId: `edge-${edgeNode}-${Math.random().toString(16).slice(2, 8)}`,
    ...(options.username ? { username: options.username, password: options.password ?? '' } : {}),
    reconnectPeriod: 0,
    clean: true,
    will: {
      topic: sparkplugTopic(group, 'NDEATH', edgeNode),
      payload: deathPayload(),
      qos: 0,
      retain: false,
    },
  });
  client.on('error', () => undefined);

  const publish = (
    type: 'NBIRTH' | 'DBIRTH' | 'DDATA' | 'DDEATH' | 'NDEATH',
    device: string | null,
    metrics: OutgoingMetric[],
    withSeq = true,
  ) =>
    client.publishAsync(
      sparkplugTopic(group, type, edgeNode, device),
      encodeSparkplug({ timestamp: Date.now(), ...(withSeq ? { seq: nextSeq() } : {}), metrics }),
    );

  async function birth(): Promise<void> {
    seq = 0;
    alias = 0;
    aliases.clear();
    await publish('NBIRTH', null, [
      { name: 'bdSeq', type: 'Int64', value: bdSeq },
      { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
    ]);
    for (const device of devices.values()) await deviceBirth(device.name);
  }

  async function deviceBirth(name: string): Promise<void> {
    const device = devices.get(name)!;
    const metrics = Object.entries(device.metrics).map(([metric, value]) => {
      const a = ++alias;
      aliases.set(`${name}/${metric}`, a);
      return { name: metric, alias: a, type: typeOf(value), value, timestamp: Date.now() };
    });
    await publish('DBIRTH', name, metrics);
  }

  await client.subscribeAsync([
    sparkplugTopic(group, 'NCMD', edgeNode),
    `${sparkplugTopic(group, 'DCMD', edgeNode)}/+`,
  ]);
  client.on('message', (topic, payload) => {
    received.push(topic);
    let message;
    try {
      message = decodeSparkplug(payload);
    } catch {
      return;
    }
    const parts = topic.split('/');
    if (parts[2] === 'NCMD') {
      if (message.metrics.some((m) => m.name === 'Node Control/Rebirth' && m.value === true)) void birth();
      return;
    }
    const device = devices.get(parts[4] ?? '');
    if (!device) return;
    const changed: OutgoingMetric[] = [];
    for (const m of message.metrics) {
      if (!m.name || !(m.name in device.metrics)) continue;
      if (typeof m.value !== 'number' && typeof m.value !== 'boolean') continue;
      device.metrics[m.name] = m.value;
      options.onCommand?.(device.name, m.name, m.value);
      changed.push({
        alias: aliases.get(`${device.name}/${m.name}`)!,
        type: typeOf(m.value),
        value: m.value,
      });
    }
    // Reports the new value back, like a PLC whose setpoint was written.
    if (changed.length > 0) void publish('DDATA', device.name, changed);
  });
  await birth();

  return {
    /** Topics of the commands received (NCMD, DCMD). */
    received,
    metrics: (device: string) => ({ ...devices.get(device)?.metrics }),
    /** Sets metric values and publishes them as DDATA (by alias), with `ts` if given. */
    async set(device: string, values: Record<string, number | boolean>, ts = Date.now()): Promise<void> {
      const d = devices.get(device);
      if (!d) throw new Error(`no device ${device}`);
      Object.assign(d.metrics, values);
      await publish(
        'DDATA',
        device,
        Object.entries(values).map(([name, value]) => ({
          alias: aliases.get(`${device}/${name}`)!,
          type: typeOf(value),
          value,
          timestamp: ts,
        })),
      );
    },
    /** The next message skips a sequence number (a lost message). */
    skipSequence() {
      nextSeq();
    },
    async addDevice(device: EdgeDevice): Promise<void> {
      devices.set(device.name, { ...device, metrics: { ...device.metrics } });
      await deviceBirth(device.name);
    },
    deviceDeath: (device: string) => publish('DDEATH', device, []),
    /** A clean disconnect after publishing NDEATH, as an edge node shutting down does. */
    async stop(): Promise<void> {
      await client
        .publishAsync(sparkplugTopic(group, 'NDEATH', edgeNode), deathPayload())
        .catch(() => undefined);
      bdSeq += 1;
      await client.endAsync().catch(() => undefined);
    },
    /** Drops the connection without NDEATH: the broker publishes the will. */
    crash(): void {
      client.stream.destroy();
    },
  };
}

export type EdgeNode = Awaited<ReturnType<typeof startEdgeNode>>;
