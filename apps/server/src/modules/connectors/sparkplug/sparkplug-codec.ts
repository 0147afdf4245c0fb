import sparkplug from 'sparkplug-payload';

const codec = sparkplug.get('spBv1.0');
if (!codec) throw new Error('sparkplug-payload has no spBv1.0 codec');

export const sparkplugMessageTypes = [
  'NBIRTH',
  'NDEATH',
  'DBIRTH',
  'DDEATH',
  'NDATA',
  'DDATA',
  'NCMD',
  'DCMD',
] as const;
export type SparkplugMessageType = (typeof sparkplugMessageTypes)[number];

export interface SparkplugTopic {
  group: string;
  type: SparkplugMessageType;
  edgeNode: string;
  device: string | null;
}

/** spBv1.0/{group}/{type}/{edge node}[/{device}]; anything else (STATE…) is undefined. */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== 'spBv1.0' || parts.length < 4 || parts.length > 5) return undefined;
  const [, group, type, edgeNode, device] = parts as [string, string, string, string, string | undefined];
  if (!(sparkplugMessageTypes as readonly string[]).includes(type)) return undefined;
  const isDevice = type.startsWith('D');
  if (isDevice !== (device !== undefined)) return undefined;
  return { group, type: type as SparkplugMessageType, edgeNode, device: device ?? null };
}

export const sparkplugTopic = (
  group: string,
  type: SparkplugMessageType,
  edgeNode: string,
  device?: string | null,
) => `spBv1.0/${group}/${type}/${edgeNode}${device ? `/${device}` : ''}`;

/** A metric as the connector uses it: numbers (64-bit ones too) and booleans only have values. */
export interface SparkplugMetric {
  name: string | null;
  alias: number | null;
  type: string;
  value: number | boolean | string | null;
  timestamp: number | null;
}

export interface SparkplugMessage {
  timestamp: number | null;
  seq: number | null;
  metrics: SparkplugMetric[];
}

/** protobuf 64-bit integers arrive as Long objects. */
function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && 'toNumber' in v && typeof (v as { toNumber: unknown }).toNumber === 'function')
    return (v as { toNumber(): number }).toNumber();
  return null;
}

/** Decodes a payload; throws on bytes that are not a Sparkplug B payload. */
export function decodeSparkplug(payload: Buffer): SparkplugMessage {
  const decoded = codec!.decodePayload(new Uint8Array(payload));
  return {
    timestamp: toNumber(decoded.timestamp),
    seq: toNumber(decoded.seq),
    metrics: (decoded.metrics ?? []).map((m) => {
      const raw = m.value as unknown;
      const value = typeof raw === 'boolean' || typeof raw === 'string' ? raw : (toNumber(raw) ?? null);
      return {
        name: m.name ? m.name : null,
        alias: toNumber(m.alias),
        type: String(m.type),
        value,
        timestamp: toNumber(m.timestamp),
      };
    }),
  };
}

export interface OutgoingMetric {
  /** Left out of data messages that use the birth's alias. */
  name?: string;
  alias?: number;
  type: 'Double' | 'Boolean' | 'Int64' | 'Float' | 'Int32' | 'UInt64' | 'String';
  value: number | boolean | string;
  timestamp?: number;
}

export function encodeSparkplug(message: {
  timestamp: number;
  seq?: number;
  metrics: OutgoingMetric[];
}): Buffer {
  return Buffer.from(codec!.encodePayload(message));
}

/** The NCMD that asks an edge node to publish its births again. */
export const rebirthRequest = (now: number) =>
  encodeSparkplug({
    timestamp: now,
    metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
  });
