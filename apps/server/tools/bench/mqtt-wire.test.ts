import { describe, expect, it } from 'vitest';
import { connectPacket, createPacketReader, publishPacket, subscribePacket, topicField } from './mqtt-wire';

function readAll(chunks: Buffer[]) {
  const packets: Array<{ type: number; flags: number; body: Buffer }> = [];
  const read = createPacketReader((type, flags, body) =>
    packets.push({ type, flags, body: Buffer.from(body) }),
  );
  chunks.forEach(read);
  return packets;
}

describe('MQTT 3.1.1 framing for the load generator', () => {
  it('encodes CONNECT with protocol level 4, clean session, username and password', () => {
    const packet = connectPacket({ clientId: 'c1', username: 'DEV_1', password: 'tok' });
    expect(packet[0]).toBe(0x10);
    const body = packet.subarray(2);
    expect(packet[1]).toBe(body.length);
    expect(body.subarray(0, 7)).toEqual(Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4]));
    expect(body[7]).toBe(0x80 | 0x40 | 0x02);
    expect(body.subarray(8, 10)).toEqual(Buffer.from([0, 0])); // keep-alive off
    expect(body.subarray(10).toString('latin1')).toBe('\u0000\u0002c1\u0000\u0005DEV_1\u0000\u0003tok');
  });

  it('encodes a QoS 1 PUBLISH with its packet id, readable back', () => {
    const payload = Buffer.from('{"temperature":21.5}');
    const packet = publishPacket(topicField('devices/D1/telemetry'), payload, 1, 0x1234);
    expect(packet[0]).toBe(0x32);
    const [read] = readAll([packet]);
    expect(read!.type).toBe(3);
    expect(read!.flags).toBe(0b0010);
    const topicLength = read!.body.readUInt16BE(0);
    expect(read!.body.subarray(2, 2 + topicLength).toString()).toBe('devices/D1/telemetry');
    expect(read!.body.readUInt16BE(2 + topicLength)).toBe(0x1234);
    expect(read!.body.subarray(4 + topicLength).toString()).toBe(payload.toString());
  });

  it('uses multi-byte remaining lengths for large payloads', () => {
    for (const size of [127, 128, 16_383, 16_384, 200_000]) {
      const packet = publishPacket(topicField('t'), Buffer.alloc(size, 7), 0);
      const [read] = readAll([packet]);
      expect(read!.body.length).toBe(3 + size);
    }
  });

  it('reassembles packets however the stream is cut', () => {
    const stream = Buffer.concat([
      Buffer.from([0x20, 0x02, 0x00, 0x00]), // CONNACK accepted
      Buffer.from([0x40, 0x02, 0x00, 0x07]), // PUBACK 7
      publishPacket(topicField('devices/x/telemetry'), Buffer.alloc(300, 1), 0),
      Buffer.from([0x40, 0x02, 0x01, 0x00]), // PUBACK 256
    ]);
    for (let cut = 1; cut < stream.length; cut += 1) {
      const packets = readAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(packets.map((p) => p.type)).toEqual([2, 4, 3, 4]);
      expect(packets[1]!.body.readUInt16BE(0)).toBe(7);
      expect(packets[3]!.body.readUInt16BE(0)).toBe(256);
    }
  });

  it('encodes SUBSCRIBE with the reserved flags and the requested QoS', () => {
    const packet = subscribePacket(1, 'devices/+/telemetry', 0);
    expect(packet[0]).toBe(0x82);
    expect(packet.subarray(2, 4)).toEqual(Buffer.from([0, 1]));
    expect(packet[packet.length - 1]).toBe(0);
  });
});
