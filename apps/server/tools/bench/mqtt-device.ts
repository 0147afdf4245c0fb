import net from 'node:net';
import { deviceTopic } from '@dtwin/contracts/mqtt';
import {
  connectPacket,
  createPacketReader,
  disconnectPacket,
  PacketType,
  publishPacket,
  subscribePacket,
  topicField,
} from './mqtt-wire';

/** A QoS 1 acknowledgement: the time from writing the PUBLISH to reading its PUBACK, or a failure. */
export type AckCallback = (latencyMs: number | null) => void;

export interface DeviceConnection {
  readonly id: string;
  /** Messages written and not acknowledged yet. */
  readonly inflight: number;
  readonly open: boolean;
  /** Writes a QoS 1 PUBLISH to this device's telemetry topic. */
  publish(payload: Buffer, onAck: AckCallback): void;
  /**
   * Writes a QoS 0 PUBLISH, unless what this connection has not handed to the network yet is over
   * `maxUnsentBytes` (the server reads slower than the device sends): then the message is dropped
   * here, as a device with a bounded outbox would, and `false` returned.
   */
  publishQos0(payload: Buffer, maxUnsentBytes: number): boolean;
  /** Counts PUBLISH packets received (for a do-nothing subscriber). */
  subscribe(topic: string, onMessage: () => void): Promise<void>;
  close(): Promise<void>;
  /** Batch the writes of one tick into few TCP segments. */
  cork(): void;
  uncork(): void;
}

export interface DeviceOptions {
  host: string;
  port: number;
  id: string;
  username?: string;
  password?: string;
  clientId?: string;
  timeoutMs?: number;
}

const CONNACK_REFUSALS: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'client id rejected',
  3: 'server unavailable',
  4: 'bad username or password',
  5: 'not authorized',
};

/** Connects one device and resolves after a successful CONNACK. */
export function connectDevice(options: DeviceOptions): Promise<DeviceConnection> {
  const { host, port, id, timeoutMs = 30_000 } = options;
  const topic = topicField(deviceTopic(id, 'telemetry'));
  const waiting = new Map<number, { sentAt: number; onAck: AckCallback }>();
  let nextPacketId = 1;
  let open = false;
  let onConnack: ((code: number) => void) | undefined;
  let onSuback: (() => void) | undefined;
  let onMessage: (() => void) | undefined;

  const socket = net.connect({ host, port });
  socket.setNoDelay(true);

  const failAll = () => {
    open = false;
    const lost = [...waiting.values()];
    waiting.clear();
    for (const w of lost) w.onAck(null);
  };

  socket.on(
    'data',
    createPacketReader((type, _flags, body) => {
      if (type === PacketType.puback) {
        const packetId = body.readUInt16BE(0);
        const w = waiting.get(packetId);
        if (!w) return;
        waiting.delete(packetId);
        w.onAck(performance.now() - w.sentAt);
      } else if (type === PacketType.publish) onMessage?.();
      else if (type === PacketType.connack) onConnack?.(body[1] ?? 255);
      else if (type === PacketType.suback) onSuback?.();
    }),
  );
  socket.on('close', failAll);
  socket.on('error', () => {}); // 'close' follows and fails what is in flight

  const connection: DeviceConnection = {
    id,
    get inflight() {
      return waiting.size;
    },
    get open() {
      return open;
    },
    publish(payload, onAck) {
      if (!open) {
        onAck(null);
        return;
      }
      // Packet ids cycle through 1..65535, skipping any still in flight.
      let packetId = nextPacketId;
      while (waiting.has(packetId)) packetId = (packetId % 65535) + 1;
      nextPacketId = (packetId % 65535) + 1;
      waiting.set(packetId, { sentAt: performance.now(), onAck });
      socket.write(publishPacket(topic, payload, 1, packetId));
    },
    publishQos0(payload, maxUnsentBytes) {
      if (!open || socket.writableLength > maxUnsentBytes) return false;
      socket.write(publishPacket(topic, payload, 0));
      return true;
    },
    subscribe(filter, listener) {
      onMessage = listener;
      return new Promise((resolve) => {
        onSuback = resolve;
        socket.write(subscribePacket(1, filter, 0));
      });
    },
    async close() {
      if (socket.destroyed) return;
      open = false;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end(disconnectPacket());
        setTimeout(() => socket.destroy(), 2000).unref();
      });
    },
    cork: () => socket.cork(),
    uncork: () => socket.uncork(),
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${id}: no CONNACK within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new Error(`${id}: connection closed before CONNACK`));
    });
    onConnack = (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        socket.destroy();
        reject(new Error(`${id}: CONNACK refused (${CONNACK_REFUSALS[code] ?? code})`));
        return;
      }
      open = true;
      resolve(connection);
    };
    socket.once('connect', () =>
      socket.write(
        connectPacket({
          clientId: options.clientId ?? `${id}:bench-${process.pid}`,
          ...(options.username !== undefined ? { username: options.username } : {}),
          ...(options.password !== undefined ? { password: options.password } : {}),
        }),
      ),
    );
  });
}
