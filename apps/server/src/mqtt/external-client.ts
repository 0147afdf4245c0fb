import { deviceTopic, mqttTopics, parseDeviceTopic, type MqttPayload } from '@dtwin/contracts/mqtt';
import mqtt from 'mqtt';
import type { Logger } from '../lib/logger';
import type { DevicesService } from '../modules/devices/devices.service';
import type { IngestService } from '../modules/ingest/ingest.service';

interface Deps {
  devices: DevicesService;
  ingest: IngestService;
  logger: Logger;
}

/** Several servers share one stream: the broker hands each message to one member of the group. */
export const SHARED_GROUP = 'dtwin';

/**
 * Ingestion from an external broker (Mosquitto, EMQX…), which authenticates devices and enforces
 * their topic ACL itself. The PUBACK to the broker is held back until the readings are stored, so
 * with a persistent session the broker redelivers whatever this process did not store.
 */
export async function connectExternalBroker(
  { devices, ingest, logger }: Deps,
  url: string,
  { clientId, subscribe }: { clientId: string; subscribe: boolean },
) {
  // MQTT 5: mqtt.js lets the application hold back a PUBACK only on v5, and a v5 session
  // outlives a disconnect only with an expiry interval.
  const client = mqtt.connect(url, {
    clientId,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 3600 },
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    customHandleAcks(topic, message, _packet, ack) {
      void handle(topic, message).then(
        () => ack(0),
        (err: unknown) => {
          logger.warn(
            { err, topic },
            'could not store a message from the broker; reconnecting so that it is redelivered',
          );
          ack(err instanceof Error ? err : new Error(String(err)));
          client.stream.destroy();
        },
      );
    },
  });

  async function handle(topic: string, message: Buffer): Promise<void> {
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

  client.on('error', (err) => logger.warn({ err }, 'external MQTT broker error'));
  client.on('reconnect', () => logger.info('reconnecting to the external MQTT broker'));

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  if (subscribe) {
    await client.subscribeAsync({
      [`$share/${SHARED_GROUP}/${mqttTopics.telemetry.pattern}`]: { qos: 1 },
      [`$share/${SHARED_GROUP}/${mqttTopics.reported.pattern}`]: { qos: 1 },
    });
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
    close: () => client.endAsync(),
    /** Whether the connection to the broker is up right now (it reconnects by itself). */
    get connected(): boolean {
      return client.connected;
    },
  };
}

export type ExternalBroker = Awaited<ReturnType<typeof connectExternalBroker>>;
