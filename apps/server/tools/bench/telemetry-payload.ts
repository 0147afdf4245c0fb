/**
 * The bench's telemetry messages: the envelope form of devices/{id}/telemetry (mqttTopics in
 * @dtwin/contracts/mqtt), written as text by hand because a publisher process makes tens of
 * thousands a second; telemetry-payload.test.ts holds it to the contract's schema.
 */

/** What a device remembers between messages. */
export interface PayloadState {
  lastTs: number;
  values: number[];
}

// Plausible values for a pump inside its normal ranges, each drifting a little per message.
const baseline: Record<string, [number, number]> = {
  vibration: [1.6, 0.05],
  bearing_temperature: [52, 0.3],
  discharge_pressure: [6, 0.05],
  flow: [60, 0.4],
  motor_current: [30, 0.2],
  power: [18, 0.15],
  efficiency: [82, 0.2],
};

/** The device's next message, with a timestamp after its previous one even within a millisecond. */
export function nextPayload(device: PayloadState, metrics: string[]): { ts: number; payload: Buffer } {
  const ts = Math.max(Date.now(), device.lastTs + 1);
  device.lastTs = ts;
  let body = `{"ts":${ts},"metrics":{`;
  metrics.forEach((name, i) => {
    const [mean, step] = baseline[name] ?? [50, 0.5];
    const previous = device.values[i] ?? mean;
    // A random walk pulled back towards the mean.
    const value = previous + (Math.random() - 0.5) * 2 * step + (mean - previous) * 0.05;
    device.values[i] = value;
    body += `${i === 0 ? '' : ','}"${name}":${value.toFixed(3)}`;
  });
  return { ts, payload: Buffer.from(`${body}}}`) };
}
