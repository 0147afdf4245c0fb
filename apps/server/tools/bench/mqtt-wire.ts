/**
 * Just enough MQTT 3.1.1 framing for the load generator: CONNECT, PUBLISH (QoS 0/1), SUBSCRIBE,
 * DISCONNECT out; any packet in. A full client library spends more CPU per message than the
 * broker it measures, and on a two-core machine every cycle the generator takes is one the
 * server does not get; this keeps the generator's share small and the same for every broker.
 */

export const PacketType = {
  connack: 2,
  publish: 3,
  puback: 4,
  suback: 9,
  pingresp: 13,
} as const;

function remainingLength(n: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return bytes;
}

function field(text: string | Buffer): Buffer {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

function packet(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte, ...remainingLength(body.length)]), body]);
}

export interface ConnectOptions {
  clientId: string;
  username?: string;
  password?: string;
  /** 0 turns keep-alive off, so idle connections need no PINGREQ. */
  keepaliveS?: number;
}

export function connectPacket({ clientId, username, password, keepaliveS = 0 }: ConnectOptions): Buffer {
  let flags = 0x02; // clean session
  if (username !== undefined) flags |= 0x80;
  if (password !== undefined) flags |= 0x40;
  const header = Buffer.from([
    0x00,
    0x04,
    0x4d,
    0x51,
    0x54,
    0x54,
    0x04,
    flags,
    keepaliveS >> 8,
    keepaliveS & 0xff,
  ]);
  const parts = [header, field(clientId)];
  if (username !== undefined) parts.push(field(username));
  if (password !== undefined) parts.push(field(password));
  return packet(0x10, Buffer.concat(parts));
}

/** The topic's length-prefixed bytes, computed once per device rather than per message. */
export const topicField = (topic: string): Buffer => field(topic);

export function publishPacket(topic: Buffer, payload: Buffer, qos: 0 | 1, packetId = 0): Buffer {
  const bodyLength = topic.length + (qos > 0 ? 2 : 0) + payload.length;
  const lengthBytes = remainingLength(bodyLength);
  const out = Buffer.allocUnsafe(1 + lengthBytes.length + bodyLength);
  let at = 0;
  out[at++] = 0x30 | (qos << 1);
  for (const b of lengthBytes) out[at++] = b;
  at += topic.copy(out, at);
  if (qos > 0) {
    out.writeUInt16BE(packetId, at);
    at += 2;
  }
  payload.copy(out, at);
  return out;
}

export function subscribePacket(packetId: number, topic: string, qos: 0 | 1): Buffer {
  const id = Buffer.allocUnsafe(2);
  id.writeUInt16BE(packetId, 0);
  return packet(0x82, Buffer.concat([id, field(topic), Buffer.from([qos])]));
}

export const disconnectPacket = (): Buffer => Buffer.from([0xe0, 0x00]);

/**
 * Splits a byte stream into packets, however the chunks fall. Calls `onPacket` with the packet
 * type (high nibble), the flags (low nibble) and the body (variable header and payload).
 */
export function createPacketReader(onPacket: (type: number, flags: number, body: Buffer) => void) {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk: Buffer): void => {
    const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let at = 0;
    for (;;) {
      if (data.length - at < 2) break;
      let length = 0;
      let multiplier = 1;
      let cursor = at + 1;
      let complete = false;
      for (let i = 0; i < 4 && cursor < data.length; i += 1) {
        const byte = data[cursor++]!;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (cursor - at > 4) throw new Error('malformed MQTT remaining length');
        break;
      }
      if (data.length - cursor < length) break;
      const first = data[at]!;
      onPacket(first >> 4, first & 0x0f, data.subarray(cursor, cursor + length));
      at = cursor + length;
    }
    pending = at >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
  };
}
