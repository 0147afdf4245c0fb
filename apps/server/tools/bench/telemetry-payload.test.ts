import { mqttTopics } from '@dtwin/contracts/mqtt';
import { describe, expect, it } from 'vitest';
import { nextPayload } from './telemetry-payload';

describe('the bench telemetry payload', () => {
  it('is an envelope of the telemetry topic, with a timestamp that always moves forward', () => {
    const device = { lastTs: 0, values: [] };
    const metrics = ['vibration', 'flow', 'not_in_the_baseline'];
    const first = nextPayload(device, metrics);
    const second = nextPayload(device, metrics);

    const parsed = mqttTopics.telemetry.payload.parse(JSON.parse(first.payload.toString('utf8')));
    expect(parsed).toEqual({
      ts: first.ts,
      metrics: {
        vibration: expect.any(Number),
        flow: expect.any(Number),
        not_in_the_baseline: expect.any(Number),
      },
    });
    expect(second.ts).toBeGreaterThan(first.ts);
    expect(device.lastTs).toBe(second.ts);
  });
});
