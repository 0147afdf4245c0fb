import {
  commandResponsePattern,
  commandTopic,
  parseCommandResponseTopic,
  type CommandMessage,
} from '@dtwin/contracts/commands';
import { deviceTopic, mqttTopics, parseDeviceTopic, type MqttPayload } from '@dtwin/contracts/mqtt';
import mqtt from 'mqtt';
import type { Logger } from '../lib/logger';
import type { CommandsService } from '../modules/commands/commands.service';
import type { DevicesService } from '../modules/devices/devices.service';
import type { IngestService } from '../modules/ingest/ingest.service';

interface Deps {
  devices: DevicesService;
  ingest: IngestService;
  commands: Pick<CommandsService, 'answer'>;
  logger: Logger;
}

/** QoS 1 messages the broker may have in flight to us at once (MQTT 5 receive maximum). */
export const RECEIVE_MAXIMUM = 1000;

/** The PUBACK is ours to send (after the commit); mqtt.js must not send one. */
const ACK_DEFERRED = Symbol('ack deferred');

/**
 * Ingestion from an external broker (Mosquitto, EMQX…), which authenticates devices and enforces
 * their topic ACL itself. The PUBACK to the broker is held back until the readings are stored, so
 * with a persistent session the broker redelivers whatever this process did not store.
 *
 * Many messages are in flight at once (up to RECEIVE_MAXIMUM): each is handed to the group-commit
 * writer as it arrives and acknowledged, in arrival order, once its batch has committed. mqtt.js
 * would read the next packet only after the previous PUBACK, which caps ingest at one message per
 * commit; so its own acknowledgement is suppressed and ours is written after the commit.
 */
export async function connectExternalBroker(
  { devices, ingest, commands, logger }: Deps,
  url: string,
  /**
   * `sharedGroup`: the servers of one deployment share one stream; the broker hands each message
   * to one member of the group (MQTT_SHARED_GROUP, so deployments on one broker stay apart).
   */
  { clientId, subscribe, sharedGroup }: { clientId: string; subscribe: boolean; sharedGroup: string },
) {
  let connection = 0; // which connection a message came in on: its PUBACK is for that one only
  let subscribed = false;
  let acks: Promise<void> = Promise.resolve();

  // MQTT 5: a v5 session outlives a disconnect only with an expiry interval.
  const client = mqtt.connect(url, {
    clientId,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 3600, receiveMaximum: RECEIVE_MAXIMUM },
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    customHandleAcks(topic, message, packet, ack) {
      const work = handle(topic, message);
      const from = connection;
      acks = acks.then(() =>
        work.then(
          () => {
            // After a reconnect the broker redelivers the message; storing it again is harmless.
            if (from === connection && client.connected && packet.messageId !== undefined)
              sendPacket({ cmd: 'puback', messageId: packet.messageId, reasonCode: 0 });
          },
          (err: unknown) => {
            if (from !== connection) return;
            connection += 1; // nothing more is acknowledged on this connection
            logger.warn(
              { err, topic },
              'could not store a message from the broker; reconnecting so that it is redelivered',
            );
            client.stream.destroy();
          },
        ),
      );
      ack(0); // goes on to handleMessage below, which lets the next packet in without a PUBACK
    },
  });
  client.handleMessage = (_packet, callback) => callback(ACK_DEFERRED as unknown as Error);
  const sendPacket = (packet: object) =>
    (client as unknown as { _sendPacket(p: object): void })._sendPacket(packet);

  async function handle(topic: string, message: Buffer): Promise<void> {
    const response = parseCommandResponseTopic(topic);
    if (response) {
      const outcome = await commands.answer(response.deviceId, response.commandId, message);
      if (!outcome.ok) logger.info({ topic, reason: outcome.reason }, 'a command answer was not taken');
      return;
    }
    const target = parseDeviceTopic(topic);
    if (!target || mqttTopics[target.kind].publishedBy !== 'device') return;
    const model = await devices.modelOf(target.deviceId);
    if (!model) {
      ingest.refuse(null, 'unknown_device', `message for unknown device '${target.deviceId.slice(0, 64)}'`);
      return;
    }
    if (target.kind === 'telemetry') await ingest.telemetry(target.deviceId, model, message);
    else await ingest.reported(target.deviceId, message);
  }

  /**
   * On every connection, not just the first: a broker restarted with its saved sessions may no
   * longer route a shared subscription to a session it restored (Mosquitto 2.0), and the
   * subscription costs nothing to repeat.
   */
  const sharedTopics = [
    `$share/${sharedGroup}/${mqttTopics.telemetry.pattern}`,
    `$share/${sharedGroup}/${mqttTopics.reported.pattern}`,
    `$share/${sharedGroup}/${commandResponsePattern}`,
  ];
  async function subscribeShared(sessionPresent: boolean): Promise<void> {
    // A restored shared subscription is dropped and made anew: subscribing over it is not enough.
    if (sessionPresent) await client.unsubscribeAsync(sharedTopics);
    const granted = await client.subscribeAsync(
      Object.fromEntries(sharedTopics.map((t) => [t, { qos: 1 as const }])),
    );
    subscribed = granted.every((g) => g.qos === 1);
    if (!subscribed) logger.error({ granted }, 'the external MQTT broker refused the shared subscription');
  }

  client.on('error', (err) => logger.warn({ err }, 'external MQTT broker error'));
  client.on('reconnect', () => logger.info('reconnecting to the external MQTT broker'));
  client.on('close', () => {
    connection += 1;
    subscribed = false;
  });
  client.on('connect', (connack) => {
    if (!subscribe) return;
    subscribeShared(connack.sessionPresent).catch((err: unknown) => {
      logger.error(
        { err },
        'could not subscribe on the external MQTT broker; retrying on the next connection',
      );
      client.stream.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  if (subscribe) {
    const deadline = Date.now() + 10_000;
    while (!subscribed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (!subscribed) throw new Error('the external MQTT broker did not accept the shared subscription');
    logger.info(
      { url: url.replace(/\/\/[^@]*@/, '//***@') },
      'ingesting from the external MQTT broker (shared subscription)',
    );
  }

  return {
    async publishDesired(deviceId: string, message: MqttPayload<'desired'>): Promise<void> {
      await client.publishAsync(deviceTopic(deviceId, 'desired'), JSON.stringify(message), {
        qos: 1,
        retain: mqttTopics.desired.retained,
      });
    },
    /** QoS 1 to the device's command topic; resolves on the broker's PUBACK. */
    async publishCommand(deviceId: string, commandId: string, message: CommandMessage): Promise<void> {
      await client.publishAsync(commandTopic(deviceId, commandId), JSON.stringify(message), { qos: 1 });
    },
    close: () => client.endAsync(),
    /** Whether the connection to the broker is up right now (it reconnects by itself). */
    get connected(): boolean {
      return client.connected;
    },
    /** Whether the shared subscription is in place on the current connection (when this process ingests). */
    get subscribed(): boolean {
      return !subscribe || (client.connected && subscribed);
    },
  };
}

export type ExternalBroker = Awaited<ReturnType<typeof connectExternalBroker>>;
