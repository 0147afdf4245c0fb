/**
 * The machine's MQTT limit: a bare aedes broker (no authentication, no storage) in one process,
 * and a subscriber to every telemetry topic that does nothing but count, in another. The same
 * publishers as the ingest scenario push through it.
 */
import net from 'node:net';
import { mqttTopics } from '@dtwin/contracts/mqtt';
import { Aedes } from 'aedes';
import { connectDevice, type DeviceConnection } from './mqtt-device';
import { serveWorker } from './worker-rpc';

let server: net.Server | undefined;
let broker: Aedes | undefined;
let subscriber: DeviceConnection | undefined;
let received = 0;

serveWorker({
  startBroker: async () => {
    broker = await Aedes.createBroker();
    server = net.createServer(broker.handle);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    return { port: typeof address === 'object' && address ? address.port : 0 };
  },
  startSubscriber: async ({ port }: { port: number }) => {
    subscriber = await connectDevice({ host: '127.0.0.1', port, id: 'bench-sink' });
    await subscriber.subscribe(mqttTopics.telemetry.pattern, () => {
      received += 1;
    });
    return {};
  },
  received: async () => received,
  stop: async () => {
    await subscriber?.close();
    if (broker) await new Promise<void>((resolve) => broker!.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    return {};
  },
});
