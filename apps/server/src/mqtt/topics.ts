/** The MQTT topics of the device contract (SPEC §5). */
export const topics = {
  telemetry: (deviceId: string) => `devices/${deviceId}/telemetry`,
  reported: (deviceId: string) => `devices/${deviceId}/reported`,
  desired: (deviceId: string) => `devices/${deviceId}/desired`,
};

const DEVICE_TOPIC = /^devices\/([^/#+]+)\/(telemetry|reported|desired)$/;

export function parseDeviceTopic(
  topic: string,
): { deviceId: string; kind: 'telemetry' | 'reported' | 'desired' } | undefined {
  const match = DEVICE_TOPIC.exec(topic);
  return match ? { deviceId: match[1]!, kind: match[2] as 'telemetry' | 'reported' | 'desired' } : undefined;
}
