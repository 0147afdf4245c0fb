import { z } from 'zod';
import { telemetryPayloadSchema } from './telemetry';
import { desiredMessageSchema, propertyValueSchema } from './twin';

/**
 * The device side of MQTT (SPEC §5). A device signs in with username = its id and password = its
 * token, publishes only to its own `telemetry` and `reported` topics and subscribes only to its
 * own `desired` topic. Every topic is a name → pattern and payload schema pair below; a payload
 * is JSON, and whoever receives one validates it with that schema.
 */

/** `devices/{id}/reported` (or POST /ingest/devices/{id}/reported): a flat object of property values. */
export const reportedPropertiesSchema = z.record(z.string().max(64), propertyValueSchema);
export type ReportedProperties = z.infer<typeof reportedPropertiesSchema>;

export const mqttTopics = {
  /** Readings: an envelope `{ts?, metrics}`, an array of them, or the short form `{"temperature": 71.2}`. */
  telemetry: {
    pattern: 'devices/+/telemetry',
    payload: telemetryPayloadSchema,
    publishedBy: 'device',
    retained: false,
  },
  reported: {
    pattern: 'devices/+/reported',
    payload: reportedPropertiesSchema,
    publishedBy: 'device',
    retained: false,
  },
  /** Retained, so a device that connects later gets the latest desired state at once. */
  desired: {
    pattern: 'devices/+/desired',
    payload: desiredMessageSchema,
    publishedBy: 'server',
    retained: true,
  },
} as const;

export type MqttTopicKind = keyof typeof mqttTopics;
export const mqttTopicKinds = Object.keys(mqttTopics) as MqttTopicKind[];
export type MqttPayload<K extends MqttTopicKind> = z.infer<(typeof mqttTopics)[K]['payload']>;

/** The topic of one device: `devices/{deviceId}/{kind}`. */
export const deviceTopic = (deviceId: string, kind: MqttTopicKind) => `devices/${deviceId}/${kind}`;

/** Every topic of one device, by kind. */
export const deviceTopics = (deviceId: string): Record<MqttTopicKind, string> => ({
  telemetry: deviceTopic(deviceId, 'telemetry'),
  reported: deviceTopic(deviceId, 'reported'),
  desired: deviceTopic(deviceId, 'desired'),
});

// A device id holds none of MQTT's separators or wildcards, so one level matches it whole.
const DEVICE_TOPIC = new RegExp(`^devices/([^/#+]+)/(${mqttTopicKinds.join('|')})$`);

/** The device and kind of a device topic; undefined for any other topic (wildcards included). */
export function parseDeviceTopic(topic: string): { deviceId: string; kind: MqttTopicKind } | undefined {
  const match = DEVICE_TOPIC.exec(topic);
  return match ? { deviceId: match[1]!, kind: match[2] as MqttTopicKind } : undefined;
}
