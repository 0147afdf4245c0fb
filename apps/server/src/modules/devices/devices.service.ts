import type { CreateDeviceBody, Device, DeviceListQuery, UpdateDeviceBody } from '@dtwin/contracts/devices';
import type { Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { ModelsService } from '../models/models.service';
import type { Actor } from '../users/users.service';
import { deviceTokenMatches, hashDeviceToken, newDeviceToken, unusableTokenHash } from './device-token';
import { createDevicesRepository, type DeviceRow, type DevicesRepository } from './devices.repository';

export type { DeviceInAsset } from './devices.repository';

/** Writes a new device's empty twin in the device's own transaction (the twin module's createTwinRow). */
export type CreateTwin = (
  trx: Executor,
  deviceId: string,
  options: { maintenance: boolean },
) => Promise<void>;

/** What devices need of the asset hierarchy (the assets module's directory). */
export interface AssetLookup {
  exists(id: string): Promise<boolean>;
  /** The asset and every asset below it; empty when there is no such asset. */
  subtreeIds(id: string): Promise<string[]>;
}

interface Deps {
  devices: DevicesRepository;
  assets: AssetLookup;
  createTwin: CreateTwin;
  models: ModelsService;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  secretKey: string;
  /** How long a device's credentials are trusted from memory before the database is asked again. */
  credentialTtlMs?: number;
}

const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  name: row.name,
  model: row.model_id,
  location: { site: row.site, zone: row.zone, x: row.x, y: row.y },
  manufacturer: row.manufacturer,
  model_number: row.model_number,
  firmware: row.firmware,
  installed_at: row.installed_at,
  last_maintenance_at: row.last_maintenance_at,
  tags: JSON.parse(row.tags) as string[],
  maintenance_mode: row.maintenance_mode === 1,
  asset_id: row.asset_id ?? null,
  connectivity: row.connectivity as Device['connectivity'],
  condition: row.condition as Device['condition'],
  last_seen: row.last_seen === null ? null : new Date(row.last_seen).toISOString(),
  created_at: new Date(row.created_at).toISOString(),
});

export function createDevicesService({
  devices,
  assets,
  createTwin,
  models,
  audit,
  bus,
  clock,
  secretKey,
  credentialTtlMs = 5000,
}: Deps) {
  // Device id → token hash and model, read on every MQTT connect and HTTP ingest request.
  const credentials = new Map<string, { hash: string; model: string; at: number }>();

  const record = (actor: Actor, action: string, target: string, detail?: string) =>
    audit.record({
      actor: actor.username,
      ip: actor.ip,
      action,
      target,
      outcome: 'success',
      detail: detail ?? null,
    });

  async function getRow(id: string): Promise<DeviceRow> {
    const row = await devices.get(id);
    if (!row) throw new AppError('not_found', `no device '${id}'`);
    return row;
  }

  async function checkAsset(assetId: string | null | undefined) {
    if (assetId && !(await assets.exists(assetId)))
      throw new AppError('validation_failed', `no asset '${assetId}'`, {
        fields: { asset_id: 'is not a known asset' },
      });
  }

  async function credentialsOf(id: string) {
    const cached = credentials.get(id);
    if (cached && clock.now() - cached.at < credentialTtlMs) return cached;
    const row = await devices.get(id);
    if (!row) {
      credentials.delete(id);
      return undefined;
    }
    const fresh = { hash: row.token_hash, model: row.model_id, at: clock.now() };
    credentials.set(id, fresh);
    return fresh;
  }

  return {
    get: async (id: string): Promise<Device> => toDevice(await getRow(id)),

    async list(query: DeviceListQuery) {
      if (query.asset_id && !(await assets.exists(query.asset_id)))
        throw new AppError('not_found', `no asset '${query.asset_id}'`);
      const assetIds = query.asset_id ? await assets.subtreeIds(query.asset_id) : undefined;
      const { items, total } = await devices.list(query, assetIds);
      return { items: items.map(toDevice), total };
    },

    async create(body: CreateDeviceBody, actor: Actor): Promise<{ device: Device; token: string }> {
      if (!models.find(body.model)) {
        throw new AppError('validation_failed', `no device model '${body.model}'`, {
          fields: { model: 'is not a known device model' },
        });
      }
      if (await devices.get(body.id))
        throw new AppError('conflict', `a device '${body.id}' exists`, { fields: { id: 'is taken' } });
      await checkAsset(body.asset_id);
      const token = newDeviceToken();
      const now = clock.now();
      const maintenance = body.maintenance_mode ?? false;
      await devices.insert(newDeviceRow(body, hashDeviceToken(secretKey, token), now), (trx) =>
        createTwin(trx, body.id, { maintenance }),
      );
      await record(actor, 'device.create', body.id, `model ${body.model}`);
      return { device: toDevice(await getRow(body.id)), token };
    },

    async update(id: string, patch: UpdateDeviceBody, actor: Actor): Promise<Device> {
      const row = await getRow(id);
      const { location, tags, maintenance_mode, ...plain } = patch;
      await checkAsset(patch.asset_id);
      await devices.update(id, {
        ...plain,
        ...(location
          ? {
              site: location.site ?? row.site,
              zone: location.zone ?? row.zone,
              x: location.x === undefined ? row.x : location.x,
              y: location.y === undefined ? row.y : location.y,
            }
          : {}),
        ...(tags ? { tags: JSON.stringify(tags) } : {}),
        ...(maintenance_mode !== undefined ? { maintenance_mode: maintenance_mode ? 1 : 0 } : {}),
        updated_at: clock.now(),
      });
      const detail = Object.keys(patch).join(', ');
      await record(
        actor,
        'device.update',
        id,
        patch.asset_id !== undefined ? `${detail} (asset ${patch.asset_id ?? 'none'})` : detail,
      );
      const device = toDevice(await getRow(id));
      if (patch.asset_id !== undefined && patch.asset_id !== row.asset_id)
        await bus.emit('device.asset_changed', { deviceId: id, assetId: patch.asset_id });
      if (maintenance_mode !== undefined)
        await bus.emit('device.maintenance_changed', { deviceId: id, maintenance: maintenance_mode });
      return device;
    },

    async remove(id: string, actor: Actor): Promise<void> {
      if (!(await devices.delete(id))) throw new AppError('not_found', `no device '${id}'`);
      credentials.delete(id);
      await record(actor, 'device.delete', id);
      await bus.emit('device.deleted', { deviceId: id });
    },

    /** A new token; the old one stops working at once in this process (and within the TTL in others). */
    async rotateCredentials(id: string, actor: Actor): Promise<string> {
      await getRow(id);
      const token = newDeviceToken();
      await devices.update(id, { token_hash: hashDeviceToken(secretKey, token), updated_at: clock.now() });
      credentials.delete(id);
      await record(actor, 'device.credentials_rotate', id);
      return token;
    },

    /** The device's model id when the token is right; undefined for an unknown device or a wrong token. */
    async authenticate(id: string, token: string): Promise<{ model: string } | undefined> {
      const found = await credentialsOf(id);
      if (!found || !deviceTokenMatches(secretKey, token, found.hash)) return undefined;
      return { model: found.model };
    },

    /** The model of a known device (for ingestion from an external broker, which authenticates devices itself). */
    async modelOf(id: string): Promise<string | undefined> {
      return (await credentialsOf(id))?.model;
    },

    /** One metric as the device's model defines it; not_found for an unknown device or metric. */
    async metricOf(id: string, metric: string): Promise<{ name: string; unit: string }> {
      const model = models.get((await getRow(id)).model_id);
      const found = model.metrics.find((m) => m.name === metric);
      if (!found) throw new AppError('not_found', `${model.name} has no metric '${metric}'`);
      return { name: found.name, unit: found.unit };
    },

    countByModel: (modelId: string) => devices.countByModel(modelId),

    /** The devices attached to any of these assets, with their connectivity and condition. */
    inAssets: (assetIds: readonly string[]) => devices.inAssets(assetIds),

    /** The ids of the devices of an asset's subtree (not_found for an unknown asset). */
    async idsInSubtree(assetId: string): Promise<string[]> {
      if (!(await assets.exists(assetId))) throw new AppError('not_found', `no asset '${assetId}'`);
      return (await devices.inAssets(await assets.subtreeIds(assetId))).map((d) => d.id);
    },
  };
}

export type DevicesService = ReturnType<typeof createDevicesService>;

/** The stored row of a new device (its token kept as a keyed hash only). */
export const newDeviceRow = (body: CreateDeviceBody, tokenHash: string, now: number) => ({
  id: body.id,
  name: body.name,
  model_id: body.model,
  site: body.location?.site ?? '',
  zone: body.location?.zone ?? '',
  x: body.location?.x ?? null,
  y: body.location?.y ?? null,
  manufacturer: body.manufacturer ?? null,
  model_number: body.model_number ?? null,
  firmware: body.firmware ?? null,
  installed_at: body.installed_at ?? null,
  last_maintenance_at: body.last_maintenance_at ?? null,
  tags: JSON.stringify(body.tags ?? []),
  maintenance_mode: body.maintenance_mode ? 1 : 0,
  asset_id: body.asset_id ?? null,
  token_hash: tokenHash,
  created_at: now,
  updated_at: now,
});

/** A device carried over from another system: no credentials, until an admin rotates them. */
export interface ImportedDevice {
  id: string;
  name: string;
  model: string;
  zone: string;
  createdAt: number;
}

/**
 * Writes imported devices, each with its twin, in the caller's transaction (the Flask import
 * writes users, devices and readings all or nothing). The caller leaves out existing ids.
 */
export async function importDevices(
  trx: Executor,
  imported: ImportedDevice[],
  { createTwin, now }: { createTwin: CreateTwin; now: number },
): Promise<void> {
  const devices = createDevicesRepository(trx);
  for (const d of imported) {
    await devices.insert(
      {
        id: d.id,
        name: d.name,
        model_id: d.model,
        zone: d.zone,
        x: null,
        y: null,
        manufacturer: null,
        model_number: null,
        firmware: null,
        installed_at: null,
        last_maintenance_at: null,
        token_hash: unusableTokenHash(),
        created_at: d.createdAt,
        updated_at: now,
      },
      (inner) => createTwin(inner, d.id, { maintenance: false }),
    );
  }
}

/** The model of a device in that database, or undefined (for planning an import, read-only). */
export const deviceModelIn = (db: Executor, deviceId: string): Promise<string | undefined> =>
  createDevicesRepository(db).modelOf(deviceId);
