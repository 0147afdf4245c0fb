import { deviceTopics, mqttTopics, parseDeviceTopic } from '@dtwin/contracts/mqtt';
import { describe, expect, it } from 'vitest';

// The broker's topic ACL rests on these: a device may use only the topics parseDeviceTopic names as its own.
describe('the MQTT topic map', () => {
  it('builds and parses the topics of a device', () => {
    const topics = deviceTopics('PUMP-01');
    expect(topics).toEqual({
      telemetry: 'devices/PUMP-01/telemetry',
      reported: 'devices/PUMP-01/reported',
      desired: 'devices/PUMP-01/desired',
    });
    for (const [kind, topic] of Object.entries(topics))
      expect(parseDeviceTopic(topic)).toEqual({ deviceId: 'PUMP-01', kind });
  });

  it('names no device for wildcards, other levels or other topics', () => {
    for (const topic of [
      mqttTopics.telemetry.pattern,
      'devices/#',
      'devices/PUMP-01/telemetry/extra',
      'devices/PUMP-01/status',
      'devices//telemetry',
      '$share/dtwin/devices/PUMP-01/telemetry',
    ])
      expect(parseDeviceTopic(topic), topic).toBeUndefined();
  });

  it('validates each payload with its schema', () => {
    expect(
      mqttTopics.reported.payload.safeParse({ sample_interval_s: 5, mode: 'eco', on: true }).success,
    ).toBe(true);
    expect(mqttTopics.reported.payload.safeParse({ nested: { a: 1 } }).success).toBe(false);
    expect(
      mqttTopics.desired.payload.safeParse({ version: 3, desired: { sample_interval_s: 5 } }).success,
    ).toBe(true);
    expect(mqttTopics.desired.payload.safeParse({ desired: {} }).success).toBe(false);
    expect(mqttTopics.telemetry.payload.safeParse([{ metrics: { temperature: 71.2 } }]).success).toBe(true);
    expect(mqttTopics.telemetry.payload.safeParse('71.2').success).toBe(false);
  });
});
