import {
  deviceListSchema,
  deviceResponseSchema,
  deviceTokenSchema,
  deviceWithTokenSchema,
  type Condition,
  type Connectivity,
  type CreateDeviceBody,
  type Device,
} from '@dtwin/contracts/devices';
import { modelListSchema, type DeviceModel } from '@dtwin/contracts/models';
import {
  ingestStatsSchema,
  telemetrySeriesSchema,
  type IngestStats,
  type TelemetrySeries,
} from '@dtwin/contracts/telemetry';
import { twinSchema, type PropertyValue, type Twin } from '@dtwin/contracts/twin';
import type { z } from 'zod';
import type { HttpClient } from '../../lib/http';

export const DEVICES_PAGE_SIZE = 50;
/** The most `GET /api/devices` gives in one answer. */
const MAX_LIMIT = 1000;

export type DeviceList = z.infer<typeof deviceListSchema>;

export interface DeviceListParams {
  q?: string;
  model?: string;
  site?: string;
  zone?: string;
  /** Devices of this asset and every asset below it. */
  asset_id?: string;
  condition?: Condition;
  connectivity?: Connectivity;
  sort?: 'id' | 'name' | 'last_seen';
  limit: number;
  offset: number;
}

const path = (id: string) => `/api/devices/${encodeURIComponent(id)}`;

/** `GET /api/devices?q&model&site&zone&asset_id&condition&connectivity&sort&limit&offset` → `{items, total}`. */
export function listDevices(http: HttpClient, params: DeviceListParams, signal?: AbortSignal) {
  return http.get('/api/devices', { query: { ...params }, schema: deviceListSchema, signal });
}

/** Every device matching the filters, fetched page by page (the floor plan shows them all). */
export async function listAllDevices(
  http: HttpClient,
  params: Omit<DeviceListParams, 'limit' | 'offset'>,
  signal?: AbortSignal,
): Promise<Device[]> {
  const items: Device[] = [];
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const page = await listDevices(http, { ...params, limit: MAX_LIMIT, offset }, signal);
    items.push(...page.items);
    if (page.items.length < MAX_LIMIT || items.length >= page.total) return items;
  }
}

export async function getDevice(http: HttpClient, id: string, signal?: AbortSignal): Promise<Device> {
  return (await http.get(path(id), { schema: deviceResponseSchema, signal })).device;
}

/** `POST /api/devices` (admin) → the device and its ingestion token, which is never shown again. */
export function createDevice(http: HttpClient, body: CreateDeviceBody) {
  return http.post('/api/devices', { body, schema: deviceWithTokenSchema });
}

export async function deleteDevice(http: HttpClient, id: string): Promise<void> {
  await http.delete(path(id));
}

/** `POST /api/devices/{id}/credentials` (admin): a new token; the old one stops working. */
export async function rotateDeviceToken(http: HttpClient, id: string): Promise<string> {
  return (await http.post(`${path(id)}/credentials`, { schema: deviceTokenSchema })).token;
}

export async function listModels(http: HttpClient, signal?: AbortSignal): Promise<DeviceModel[]> {
  return (await http.get('/api/models', { schema: modelListSchema, signal })).items;
}

export interface TwinWithTag {
  twin: Twin;
  /** The `ETag` of the answer, sent back as `If-Match` so a stale edit is refused (412). */
  etag: string | null;
}

export async function getTwin(http: HttpClient, id: string, signal?: AbortSignal): Promise<TwinWithTag> {
  let etag: string | null = null;
  const twin = await http.get(`${path(id)}/twin`, {
    schema: twinSchema,
    signal,
    onHeaders: (h) => (etag = h.get('ETag')),
  });
  return { twin, etag };
}

/** `PATCH /api/devices/{id}/twin {desired}` with `If-Match`; `null` removes a desired property. */
export async function patchDesired(
  http: HttpClient,
  id: string,
  desired: Record<string, PropertyValue | null>,
  etag: string | null,
): Promise<TwinWithTag> {
  let next: string | null = null;
  const twin = await http.patch(`${path(id)}/twin`, {
    body: { desired },
    headers: etag ? { 'If-Match': etag } : {},
    schema: twinSchema,
    onHeaders: (h) => (next = h.get('ETag')),
  });
  return { twin, etag: next };
}

export interface HistoryParams {
  metric: string;
  from: string;
  to: string;
}

/** History of one metric; the server picks raw readings or 1-minute / 1-hour rollups from the range. */
export function getTelemetry(
  http: HttpClient,
  id: string,
  params: HistoryParams,
  signal?: AbortSignal,
): Promise<TelemetrySeries> {
  return http.get(`${path(id)}/telemetry`, { query: { ...params }, schema: telemetrySeriesSchema, signal });
}

/** `GET /api/devices/{id}/ingest`. */
export function getIngestStats(http: HttpClient, id: string, signal?: AbortSignal): Promise<IngestStats> {
  return http.get(`${path(id)}/ingest`, { schema: ingestStatsSchema, signal });
}
