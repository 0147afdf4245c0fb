import net from 'node:net';
import { deviceTopic, mqttTopics, parseDeviceTopic, type MqttPayload } from '@dtwin/contracts/mqtt';
import { Aedes, type Client } from 'aedes';
import { StartupError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { DevicesService } from '../modules/devices/devices.service';
import type { IngestService } from '../modules/ingest/ingest.service';

interface Deps {
  devices: DevicesService;
  ingest: IngestService;
  logger: Logger;
}

const notAuthorized = () => Object.assign(new Error('not authorized'), { returnCode: 5 as const });
const badCredentials = () => Object.assign(new Error('bad username or password'), { returnCode: 4 as const });

/**
 * The embedded broker (aedes). A device signs in with username = device id and password = its
 * token, may publish only to its own telemetry and reported topics, and may subscribe only to its
 * own desired topic. Telemetry is stored inside authorizePublish, so a QoS 1 PUBACK goes out only
 * after the readings have been committed.
 */
export async function startEmbeddedBroker({ devices, ingest, logger }: Deps, port: number, host = '0.0.0.0') {
  const sessions = new WeakMap<Client, { deviceId: string; model: string }>();

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const deviceId = username ?? '';
      devices
        .authenticate(deviceId, password?.toString('utf8') ?? '')
        .then((found) => {
          if (!found) {
            ingest.refuse(null, 'bad_credentials', `MQTT sign-in refused for '${deviceId.slice(0, 64)}'`);
            return done(badCredentials(), false);
          }
          sessions.set(client, { deviceId, model: found.model });
          done(null, true);
        })
        .catch((err: unknown) => {
          logger.error({ err }, 'MQTT authentication failed');
          done(Object.assign(new Error('server unavailable'), { returnCode: 3 as const }), false);
        });
    },

    authorizePublish(client, packet, done) {
      if (client === null) return done(null); // the server's own publications (desired state)
      const session = sessions.get(client);
      const target = parseDeviceTopic(packet.topic);
      if (
        !session ||
        !target ||
        target.deviceId !== session.deviceId ||
        mqttTopics[target.kind].publishedBy !== 'device'
      ) {
        ingest.refuse(
          session?.deviceId ?? null,
          'forbidden_topic',
          `publish to '${packet.topic.slice(0, 128)}' refused`,
        );
        return done(notAuthorized());
      }
      const work =
        target.kind === 'telemetry'
          ? ingest.telemetry(session.deviceId, session.model, packet.payload as Buffer)
          : ingest.reported(session.deviceId, packet.payload as Buffer);
      // Bad content is acknowledged (and counted): refusing it would only make the device resend it.
      // A storage failure is not: the connection drops and the device retries the message.
      work.then(
        () => done(null),
        (err: unknown) => {
          logger.warn({ err, device: session.deviceId }, 'could not store a message; the device will retry');
          done(err instanceof Error ? err : new Error(String(err)));
        },
      );
    },

    authorizeSubscribe(client, subscription, done) {
      const session = sessions.get(client);
      if (session && subscription.topic === deviceTopic(session.deviceId, 'desired'))
        return done(null, subscription);
      // A refused subscription is answered with failure code 0x80; the connection stays up.
      ingest.refuse(
        session?.deviceId ?? null,
        'forbidden_topic',
        `subscription to '${subscription.topic.slice(0, 128)}' refused`,
      );
      done(null, null);
    },
  });

  broker.on('clientError', (client, err) => logger.debug({ err, client: client.id }, 'MQTT client error'));

  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      broker.close();
      reject(
        err.code === 'EADDRINUSE'
          ? new StartupError(
              `MQTT_PORT ${port} is already in use (another MQTT broker?); set MQTT_PORT to a free port, or MQTT_URL to use that broker`,
            )
          : err,
      );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address();

  return {
    port: typeof address === 'object' && address ? address.port : port,

    /** Connected MQTT clients (for /api/system and /metrics). */
    get clients(): number {
      return broker.connectedClients;
    },

    /** Retained, so a device that connects later still gets the latest desired state. */
    publishDesired(deviceId: string, message: MqttPayload<'desired'>): Promise<void> {
      return new Promise((resolve, reject) =>
        broker.publish(
          {
            cmd: 'publish',
            topic: deviceTopic(deviceId, 'desired'),
            payload: Buffer.from(JSON.stringify(message)),
            qos: 1,
            retain: mqttTopics.desired.retained,
            dup: false,
          },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
    },

    async close(): Promise<void> {
      // The broker first: it disconnects the devices, which lets the listening socket close.
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type EmbeddedBroker = Awaited<ReturnType<typeof startEmbeddedBroker>>;
