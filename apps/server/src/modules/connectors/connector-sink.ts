import type { PropertyValue } from '@dtwin/contracts/twin';
import type { DeviceModel } from '@dtwin/contracts/models';
import type { Clock } from '../../lib/clock';
import type { DevicesService } from '../devices/devices.service';
import type { IngestService } from '../ingest/ingest.service';
import type { ModelsService } from '../models/models.service';
import type { SourceValue } from './connector-driver';

export interface SinkCounters {
  readings: number;
  rejected: number;
  lastReadingAt: number | null;
}

interface Deps {
  ingest: Pick<IngestService, 'telemetry' | 'reported'>;
  devices: Pick<DevicesService, 'get'>;
  models: Pick<ModelsService, 'find'>;
  clock: Clock;
}

/** value × scale + offset; booleans are 1/0 as metrics. */
export function scaled(value: number | boolean, scale = 1, offset = 0): number {
  const v = (typeof value === 'boolean' ? (value ? 1 : 0) : value) * scale + offset;
  // 328 × 0.1 is 32.800000000000004 in binary floating point; 12 digits is more than any sensor has.
  return scale === 1 && offset === 0 ? v : Number(v.toPrecision(12));
}

/** The raw value to write for a desired one: the inverse of `scaled`. */
export function unscaled(value: PropertyValue, scale = 1, offset = 0): number | boolean {
  if (typeof value === 'boolean') return value;
  return (Number(value) - offset) / scale;
}

/**
 * Hands a connector's values to ingestion, the one path MQTT and HTTP readings take: metrics as
 * telemetry (validated, counted, de-duplicated, stored, analysed, pushed), properties as reported
 * properties (only when they change). One sink per connection; it caches the devices' models.
 */
export function createConnectorSink({ ingest, devices, models, clock }: Deps, counters: SinkCounters) {
  const modelOf = new Map<string, DeviceModel | null>();
  const lastProperty = new Map<string, PropertyValue>();

  async function model(deviceId: string): Promise<DeviceModel | null> {
    if (!modelOf.has(deviceId)) {
      const device = await devices.get(deviceId).catch(() => undefined);
      modelOf.set(deviceId, (device && models.find(device.model)) ?? null);
    }
    return modelOf.get(deviceId) ?? null;
  }

  return async function deliver(values: SourceValue[]): Promise<void> {
    const now = clock.now();
    // device → ts → metrics: one ingestion call per device and instant.
    const telemetry = new Map<string, Map<number, Record<string, number>>>();
    const reported = new Map<string, Record<string, PropertyValue>>();
    for (const { mapping, value, ts } of values) {
      const m = await model(mapping.device_id);
      if (!m) {
        counters.rejected += 1;
        continue;
      }
      const property = m.properties.find((p) => p.name === mapping.metric);
      if (property) {
        const v: PropertyValue =
          property.type === 'boolean'
            ? typeof value === 'boolean'
              ? value
              : value !== 0
            : scaled(value, mapping.scale, mapping.offset);
        const key = `${mapping.device_id}\u0000${mapping.metric}`;
        if (lastProperty.get(key) === v) continue;
        lastProperty.set(key, v);
        const props = reported.get(mapping.device_id) ?? {};
        props[mapping.metric] = v;
        reported.set(mapping.device_id, props);
        continue;
      }
      const at = ts ?? now;
      const byTs = telemetry.get(mapping.device_id) ?? new Map<number, Record<string, number>>();
      const metrics = byTs.get(at) ?? {};
      metrics[mapping.metric] = scaled(value, mapping.scale, mapping.offset);
      byTs.set(at, metrics);
      telemetry.set(mapping.device_id, byTs);
    }
    for (const [deviceId, byTs] of telemetry) {
      const m = await model(deviceId);
      if (!m) continue;
      const envelopes = [...byTs].map(([ts, metrics]) => ({ ts, metrics }));
      const result = await ingest.telemetry(deviceId, m.id, { parsed: envelopes });
      counters.readings += result.accepted;
      counters.rejected += result.rejected.length;
      if (result.accepted > 0) counters.lastReadingAt = now;
    }
    for (const [deviceId, props] of reported) {
      const result = await ingest.reported(deviceId, { parsed: props });
      counters.readings += result.accepted.length;
      counters.rejected += result.rejected.length;
      if (result.accepted.length > 0) counters.lastReadingAt = now;
    }
  };
}
