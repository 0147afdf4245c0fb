import { deviceIdSchema } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { MAX_READING_MAGNITUDE } from '@dtwin/contracts/telemetry';
import type { SourceTable } from './flask-source.repository';
import { readStoredRecord } from './flask-storage';
import { parseSourceTime } from './flask-users';
import { PyDict, PyFloat, PyInt } from './python-json';

export interface PlannedDevice {
  id: string;
  name: string;
  model: string;
  zone: string;
  createdAt: number;
}

export interface PlannedReading {
  deviceId: string;
  metric: string;
  ts: number;
  value: number;
}

export interface TelemetryPlan {
  devices: {
    create: PlannedDevice[];
    /** Already in this server's database: kept as they are; their readings are still imported. */
    existing: string[];
    skipped: Array<{ id: string; reason: string }>;
    /** Encrypted device configurations: read to check them, not imported (they have no counterpart here). */
    configs: { readable: number; unreadable: number };
    ignoredColumns: string[];
  };
  readings: {
    points: PlannedReading[];
    records: number;
    imported: number;
    skipped: Array<{
      id: string;
      reason:
        'undecryptable' | 'integrity' | 'unreadable' | 'not_readings' | 'unknown_device' | 'no_timestamp';
      detail: string;
    }>;
    /** Fields of the stored readings that are not metrics of the device's model, with how often they appeared. */
    unknownFields: Record<string, number>;
  };
}

export interface TargetDevices {
  /** The model of a device already in the target database, or undefined. */
  modelOf(id: string): Promise<string | undefined>;
  models: DeviceModel[];
}

const MODEL_ALIASES: Record<string, string> = {
  temperature: 'temperature_sensor',
  pressure: 'pressure_sensor',
  vibration: 'vibration_sensor',
  humidity: 'humidity_sensor',
  power: 'power_meter',
  pump: 'centrifugal_pump',
  motor: 'electric_motor',
  compressor: 'air_compressor',
};

/** The model for an original `device_type` ("temperature", "temperature_sensor", "Power meter"…). */
export function modelForType(type: unknown, models: DeviceModel[]): string | undefined {
  if (typeof type !== 'string') return undefined;
  const t = type
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const ids = new Set(models.map((m) => m.id));
  return [t, `${t}_sensor`, MODEL_ALIASES[t], MODEL_ALIASES[t.replace(/_sensor$/, '')]].find(
    (c) => c !== undefined && ids.has(c),
  );
}

const META_FIELDS = new Set(['device_id', 'timestamp', 'ts', 'time', 'status', 'id']);
const DEVICE_COLUMNS = [
  'device_id',
  'device_name',
  'device_type',
  'location',
  'status',
  'encrypted_config',
  'last_seen',
  'created_at',
];
const HEALTH_COLUMNS = ['id', 'device_id', 'timestamp', 'encrypted_data', 'data_hash', 'created_at'];

/**
 * Maps the original device registry onto devices (by their type) and its encrypted health
 * records onto readings of the metrics their model defines. Every record is decrypted and its
 * data_hash checked, as the original did when reading: one that fails is skipped and reported.
 */
export async function planTelemetry(input: {
  devices: SourceTable | undefined;
  health: SourceTable | undefined;
  target: TargetDevices;
  decrypt: (stored: string) => string;
  now: number;
}): Promise<TelemetryPlan> {
  const { target, decrypt } = input;
  const plan: TelemetryPlan = {
    devices: {
      create: [],
      existing: [],
      skipped: [],
      configs: { readable: 0, unreadable: 0 },
      ignoredColumns: [],
    },
    readings: { points: [], records: 0, imported: 0, skipped: [], unknownFields: {} },
  };
  const modelOf = new Map<string, string>();

  if (input.devices) {
    plan.devices.ignoredColumns = input.devices.columns.filter((c) => !DEVICE_COLUMNS.includes(c));
    for (const row of input.devices.rows) {
      const id = typeof row.device_id === 'string' ? row.device_id.trim() : '';
      if (!deviceIdSchema.safeParse(id).success) {
        plan.devices.skipped.push({ id: id || '(no id)', reason: 'the device id is not allowed here' });
        continue;
      }
      if (typeof row.encrypted_config === 'string' && row.encrypted_config !== '') {
        const config = readStoredRecord(decrypt, row.encrypted_config, null);
        if (config.ok) plan.devices.configs.readable += 1;
        else plan.devices.configs.unreadable += 1;
      }
      const existing = await target.modelOf(id);
      if (existing !== undefined) {
        plan.devices.existing.push(id);
        modelOf.set(id, existing);
        continue;
      }
      const model = modelForType(row.device_type, target.models);
      if (!model) {
        plan.devices.skipped.push({
          id,
          reason: `no device model matches its type '${String(row.device_type)}'`,
        });
        continue;
      }
      const name =
        typeof row.device_name === 'string' && row.device_name.trim() !== '' ? row.device_name.trim() : id;
      plan.devices.create.push({
        id,
        name: name.slice(0, 120),
        model,
        zone: typeof row.location === 'string' ? row.location.trim().slice(0, 120) : '',
        createdAt: parseSourceTime(row.created_at) ?? input.now,
      });
      modelOf.set(id, model);
    }
  }

  if (!input.health) return plan;
  const extra = input.health.columns.filter((c) => !HEALTH_COLUMNS.includes(c));
  if (extra.length > 0) plan.devices.ignoredColumns.push(...extra.map((c) => `health_data.${c}`));
  const metricsOf = new Map(target.models.map((m) => [m.id, new Set(m.metrics.map((x) => x.name))]));
  for (const row of input.health.rows) {
    plan.readings.records += 1;
    const id = String(row.id ?? plan.readings.records);
    const skip = (reason: TelemetryPlan['readings']['skipped'][number]['reason'], detail: string) =>
      plan.readings.skipped.push({ id, reason, detail });
    const stored = typeof row.encrypted_data === 'string' ? row.encrypted_data : '';
    const record = readStoredRecord(decrypt, stored, typeof row.data_hash === 'string' ? row.data_hash : '');
    if (!record.ok) {
      skip(record.reason, record.detail);
      continue;
    }
    if (!(record.value instanceof PyDict)) {
      skip('not_readings', 'the stored value is not a set of named readings');
      continue;
    }
    const deviceId = typeof row.device_id === 'string' ? row.device_id.trim() : '';
    let model = modelOf.get(deviceId);
    if (model === undefined && deviceIdSchema.safeParse(deviceId).success) {
      model = await target.modelOf(deviceId);
      if (model !== undefined) modelOf.set(deviceId, model);
    }
    if (model === undefined) {
      skip('unknown_device', `device '${deviceId.slice(0, 64)}' is neither registered nor on this server`);
      continue;
    }
    const ts = parseSourceTime(row.timestamp) ?? parseSourceTime(record.value.entries.get('timestamp'));
    if (ts === null) {
      skip('no_timestamp', 'the record has no readable timestamp');
      continue;
    }
    const known = metricsOf.get(model) ?? new Set<string>();
    for (const [field, v] of record.value.entries) {
      if (META_FIELDS.has(field)) continue;
      const value = v instanceof PyFloat ? v.value : v instanceof PyInt ? Number(v.value) : undefined;
      // Beyond the bound live ingest enforces, the rollups would overflow: counted as not imported.
      if (value !== undefined && Math.abs(value) <= MAX_READING_MAGNITUDE && known.has(field)) {
        plan.readings.points.push({ deviceId, metric: field, ts, value });
      } else {
        plan.readings.unknownFields[field] = (plan.readings.unknownFields[field] ?? 0) + 1;
      }
    }
    plan.readings.imported += 1;
  }
  return plan;
}
