/**
 * A process full of dashboard-like Socket.IO clients: each authenticates with the access token
 * in its handshake, joins its rooms with `subscribe` (acknowledged), and time-stamps the events
 * it receives for the bench to match with what was published.
 */
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SubscriptionAck,
  TelemetryEvent,
  TelemetrySummaryEvent,
} from '@dtwin/contracts/realtime';
import { io, type Socket } from 'socket.io-client';
import { serveWorker } from './worker-rpc';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SocketsConnectArgs {
  url: string;
  token: string;
  count: number;
  /** Socket i joins rooms[i % rooms.length]. */
  rooms: string[];
  concurrency: number;
}

/** Arrivals as parallel arrays (compact across the IPC channel). */
export interface RecordedArrivals {
  socket: number[];
  device: string[];
  at: number[];
  newestTs: number[];
}

const sockets: ClientSocket[] = [];
const wallNow = () => performance.timeOrigin + performance.now();
let recording: RecordedArrivals | null = null;

function record(socketIndex: number, deviceId: string, newestTs: number, at: number) {
  if (!recording) return;
  recording.socket.push(socketIndex);
  recording.device.push(deviceId);
  recording.at.push(at);
  recording.newestTs.push(newestTs);
}

function openOne(url: string, token: string, room: string, index: number): Promise<void> {
  const socket: ClientSocket = io(url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 30_000,
  });
  socket.on('telemetry', (event: TelemetryEvent) => {
    const at = wallNow();
    let newest = -Infinity;
    for (const m of Object.values(event.metrics)) newest = Math.max(newest, Date.parse(m.ts));
    record(index, event.device_id, newest, at);
  });
  socket.on('telemetry_summary', (event: TelemetrySummaryEvent) => {
    const at = wallNow();
    for (const d of event.devices) record(index, d.device_id, Date.parse(d.ts), at);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
    socket.once('connect', () => {
      socket.emit('subscribe', { room: room as 'fleet' }, (ack: SubscriptionAck) => {
        if (ack.ok) {
          sockets.push(socket);
          resolve();
        } else {
          socket.close();
          reject(new Error(ack.error));
        }
      });
    });
  });
}

async function connect({ url, token, count, rooms, concurrency }: SocketsConnectArgs) {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const errors: string[] = [];
  const base = sockets.length;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        try {
          await openOne(url, token, rooms[(base + i) % rooms.length]!, base + i);
        } catch (err) {
          failed += 1;
          if (errors.length < 5) errors.push((err as Error).message);
        }
      }
    }),
  );
  return {
    connected: count - failed,
    failed,
    errors,
    ms: performance.now() - started,
    total: sockets.length,
  };
}

serveWorker({
  connect,
  startRecording: async () => {
    recording = { socket: [], device: [], at: [], newestTs: [] };
    return {};
  },
  stopRecording: async (): Promise<RecordedArrivals> => {
    const result = recording ?? { socket: [], device: [], at: [], newestTs: [] };
    recording = null;
    return result;
  },
  connectedCount: async () => sockets.filter((s) => s.connected).length,
  close: async () => {
    for (const s of sockets.splice(0)) s.close();
    return {};
  },
});
