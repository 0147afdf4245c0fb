import net from 'node:net';
import {
  commandSubscription,
  commandTopic,
  parseCommandResponseTopic,
  type CommandMessage,
} from '@dtwin/contracts/commands';
import { deviceTopic, mqttTopics, parseDeviceTopic, type MqttPayload } from '@dtwin/contracts/mqtt';
import { Aedes, type Client } from 'aedes';
import { AppError, StartupError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { CommandsService } from '../modules/commands/commands.service';
import type { DevicesService } from '../modules/devices/devices.service';
import type { IngestService } from '../modules/ingest/ingest.service';
import { clientIdAllowed, createAddressLimiter, packetSizeGuard, type AddressLimits } from './mqtt-limits';

export interface BrokerLimits extends AddressLimits {
  /** The largest MQTT packet accepted; a connection announcing a larger one is closed at once. */
  maxPacketBytes: number;
  /** A connection that has not sent CONNECT within this is closed. */
  authTimeoutMs: number;
  /** QoS 0 telemetry messages taken but not yet stored; past it, new ones are shed (and counted). */
  maxQos0InFlight: number;
}

const defaultLimits: BrokerLimits = {
  maxPacketBytes: 256 * 1024,
  authTimeoutMs: 5000,
  maxPendingPerAddress: 100,
  maxFailuresPerAddress: 30,
  windowMs: 900_000,
  maxQos0InFlight: 20_000,
};

/** A client that is not a device (a Sparkplug edge node), and the topics it may use. */
export interface BrokerGuest {
  name: string;
  canPublish(topic: string): boolean;
  canSubscribe(topic: string): boolean;
}

/** Who besides devices may sign in: undefined when the credentials are no guest's. */
export interface BrokerGuests {
  authenticate(username: string, password: string): BrokerGuest | undefined;
}

interface Deps {
  devices: DevicesService;
  ingest: IngestService;
  commands: Pick<CommandsService, 'answer'>;
  logger: Logger;
  brokerGuests?: BrokerGuests;
}

const notAuthorized = () => Object.assign(new Error('not authorized'), { returnCode: 5 as const });
const badCredentials = () => Object.assign(new Error('bad username or password'), { returnCode: 4 as const });
const identifierRejected = () =>
  Object.assign(new Error('client id must be the device id or start with it and a colon'), {
    returnCode: 2 as const,
  });

/**
 * The embedded broker (aedes). A device signs in with username = device id and password = its
 * token, may publish only to its own telemetry, reported and command-response topics, and may
 * subscribe only to its own desired and command topics. Telemetry is stored inside authorizePublish, so a QoS 1 PUBACK goes out only
 * after the readings have been committed.
 */
export async function startEmbeddedBroker(
  { devices, ingest, commands, logger, brokerGuests }: Deps,
  port: number,
  host = '0.0.0.0',
  limits: BrokerLimits = defaultLimits,
) {
  const sessions = new WeakMap<Client, { deviceId: string; model: string }>();
  const guests = new WeakMap<Client, BrokerGuest>();
  // Per connection: its remote address and how to stop counting it as unauthenticated.
  const connections = new WeakMap<Client, { address: string; settle: () => void }>();
  // Clients that sent an empty client id, which the broker replaced by a random one.
  const unnamed = new WeakSet<Client>();
  const addresses = createAddressLimiter(limits);
  // Device id → its clients subscribed to their commands (only those can be sent one).
  const commandListeners = new Map<string, Set<Client>>();
  const onReachable: Array<(deviceId: string) => void> = [];
  const stopListening = (client: Client) => {
    const deviceId = sessions.get(client)?.deviceId;
    const listeners = deviceId ? commandListeners.get(deviceId) : undefined;
    if (!deviceId || !listeners?.delete(client)) return;
    if (listeners.size === 0) commandListeners.delete(deviceId);
  };

  // QoS 0 promises the device nothing, so the device is not held until the commit (as a QoS 1
  // PUBACK is): the message is taken at once and the connection reads on. What a device sends
  // faster than it can be stored waits here, up to the limit, and is shed past it: counted as
  // `overloaded` (dtwin_ingest_rejected_total), never queued without bound.
  let qos0InFlight = 0;
  const takeQos0 = (
    session: { deviceId: string; model: string },
    payload: Buffer,
    done: (err: Error | null) => void,
  ) => {
    if (qos0InFlight >= limits.maxQos0InFlight) {
      ingest.shed(session.deviceId);
      return done(null);
    }
    qos0InFlight += 1;
    ingest
      .telemetry(session.deviceId, session.model, payload)
      .catch((err: unknown) => {
        // A full write queue is already counted by ingestion; anything else is a storage failure.
        if (!(err instanceof AppError && err.code === 'unavailable'))
          logger.warn({ err, device: session.deviceId }, 'could not store a QoS 0 message; it is lost');
      })
      .finally(() => (qos0InFlight -= 1));
    done(null);
  };

  const broker = await Aedes.createBroker({
    connectTimeout: limits.authTimeoutMs,

    preConnect(client, packet, done) {
      if (packet.clientId === '' && packet.clean) unnamed.add(client);
      done(null, true);
    },

    authenticate(client, username, password, done) {
      const deviceId = username ?? '';
      const connection = connections.get(client);
      const refuse = (err: Error & { returnCode: 2 | 4 }, why: string) => {
        if (connection) {
          addresses.failed(connection.address);
          connection.settle();
        }
        ingest.refuse(null, 'bad_credentials', why);
        done(err, false);
      };
      const guest = brokerGuests?.authenticate(deviceId, password?.toString('utf8') ?? '');
      if (guest) {
        connection?.settle();
        guests.set(client, guest);
        return done(null, true);
      }
      if (!unnamed.has(client) && !clientIdAllowed(client.id, deviceId)) {
        return refuse(
          identifierRejected(),
          `MQTT client id '${client.id.slice(0, 64)}' refused for '${deviceId.slice(0, 64)}'`,
        );
      }
      devices
        .authenticate(deviceId, password?.toString('utf8') ?? '')
        .then((found) => {
          if (!found) return refuse(badCredentials(), `MQTT sign-in refused for '${deviceId.slice(0, 64)}'`);
          connection?.settle();
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
      const guest = guests.get(client);
      if (guest) {
        if (guest.canPublish(packet.topic)) return done(null);
        ingest.refuse(
          null,
          'forbidden_topic',
          `${guest.name}: publish to '${packet.topic.slice(0, 128)}' refused`,
        );
        return done(notAuthorized());
      }
      const session = sessions.get(client);
      const response = parseCommandResponseTopic(packet.topic);
      if (session && response?.deviceId === session.deviceId) {
        // Acknowledged whatever it says (a refused answer is only logged): resending would not mend it.
        commands.answer(session.deviceId, response.commandId, packet.payload as Buffer).then(
          (outcome) => {
            if (!outcome.ok)
              logger.info(
                { device: session.deviceId, reason: outcome.reason },
                'a command answer was not taken',
              );
            done(null);
          },
          (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
        );
        return;
      }
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
      if (target.kind === 'telemetry' && packet.qos === 0)
        return takeQos0(session, packet.payload as Buffer, done);
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
      const guest = guests.get(client);
      if (guest?.canSubscribe(subscription.topic)) return done(null, subscription);
      const session = sessions.get(client);
      if (session && subscription.topic === deviceTopic(session.deviceId, 'desired'))
        return done(null, subscription);
      if (session && subscription.topic === commandSubscription(session.deviceId))
        return done(null, { ...subscription, qos: 1 });
      // A refused subscription is answered with failure code 0x80; the connection stays up.
      ingest.refuse(
        session?.deviceId ?? null,
        'forbidden_topic',
        `subscription to '${subscription.topic.slice(0, 128)}' refused`,
      );
      done(null, null);
    },
  });

  broker.on('subscribe', (subscriptions, client) => {
    const deviceId = sessions.get(client)?.deviceId;
    if (!deviceId || !subscriptions.some((s) => s.topic === commandSubscription(deviceId))) return;
    const listeners = commandListeners.get(deviceId) ?? new Set<Client>();
    listeners.add(client);
    commandListeners.set(deviceId, listeners);
    for (const listener of onReachable) listener(deviceId);
  });
  broker.on('unsubscribe', (topics, client) => {
    const deviceId = sessions.get(client)?.deviceId;
    if (deviceId && topics.includes(commandSubscription(deviceId))) stopListening(client);
  });
  broker.on('clientDisconnect', stopListening);
  broker.on('clientError', (client, err) => logger.debug({ err, client: client.id }, 'MQTT client error'));

  const server = net.createServer((socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (!addresses.admit(address)) {
      ingest.refuse(
        null,
        'bad_credentials',
        `MQTT connection from ${address} refused: too many unauthenticated`,
      );
      socket.destroy();
      return;
    }
    let pending = true;
    const settle = () => {
      if (!pending) return;
      pending = false;
      addresses.settled(address);
    };
    socket.once('close', settle);
    const client = broker.handle(socket);
    connections.set(client, { address, settle });
    // Reads the same chunks the broker reads, so an oversized packet is refused from its header.
    const fits = packetSizeGuard(limits.maxPacketBytes);
    socket.on('data', (chunk: Buffer) => {
      if (socket.destroyed || fits(chunk)) return;
      const deviceId = sessions.get(client)?.deviceId ?? null;
      ingest.refuse(
        deviceId,
        'too_large',
        `MQTT packet over ${limits.maxPacketBytes} bytes; connection closed`,
      );
      logger.warn({ device: deviceId, address }, 'MQTT packet over the size limit; connection closed');
      socket.destroy();
    });
  });
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

    /** The server's own subscription (a Sparkplug connector on this broker); returns how to end it. */
    subscribe(
      filter: string,
      onMessage: (topic: string, payload: Buffer) => void,
    ): Promise<() => Promise<void>> {
      const deliver = (packet: { topic: string; payload: Buffer | string }, cb: () => void) => {
        onMessage(
          packet.topic,
          Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
        );
        cb();
      };
      return new Promise((resolve) =>
        broker.subscribe(filter, deliver, () =>
          resolve(() => new Promise<void>((done) => broker.unsubscribe(filter, deliver, () => done()))),
        ),
      );
    },

    /** Publishes as the server (a Sparkplug rebirth request or command), not retained. */
    publish(topic: string, payload: Buffer): Promise<void> {
      return new Promise((resolve, reject) =>
        broker.publish({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false }, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    },

    /** Whether a client of the device listens for commands on this broker now. */
    reachable: async (deviceId: string): Promise<boolean> => commandListeners.has(deviceId),

    /** Calls `listener` whenever a client of a device subscribes to its commands. */
    onReachable(listener: (deviceId: string) => void): void {
      onReachable.push(listener);
    },

    /**
     * QoS 1 to the device's command topic; resolves once it is written to the device's connection
     * (aedes reports a clean session's PUBACK without the packet it acknowledges, so that write is
     * what "delivered" means here).
     */
    publishCommand(deviceId: string, commandId: string, message: CommandMessage): Promise<void> {
      return new Promise((resolve, reject) =>
        broker.publish(
          {
            cmd: 'publish',
            topic: commandTopic(deviceId, commandId),
            payload: Buffer.from(JSON.stringify(message)),
            qos: 1,
            retain: false,
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
