import {
  assetListSchema,
  assetResponseSchema,
  assetStatusSchema,
  assetTreeSchema,
  type Asset,
  type AssetStatus,
  type AssetTree,
  type CreateAssetBody,
  type UpdateAssetBody,
} from '@dtwin/contracts/assets';
import { telemetrySeriesSchema, type TelemetrySeries } from '@dtwin/contracts/telemetry';
import type { HttpClient } from '../../lib/http';
import type { HistoryParams } from '../devices/devices-api';

/** The most assets one `GET /api/assets` answer holds; a plant has far fewer. */
const MAX_LIMIT = 1000;

const path = (id: string) => `/api/assets/${encodeURIComponent(id)}`;

export interface AssetListParams {
  type?: string;
  parent_id?: string;
  q?: string;
}

/** `GET /api/assets?type=&parent_id=&q=`, every page of it: the navigator and the pickers need them all. */
export async function listAssets(
  http: HttpClient,
  params: AssetListParams = {},
  signal?: AbortSignal,
): Promise<Asset[]> {
  const items: Asset[] = [];
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const page = await http.get('/api/assets', {
      query: { ...params, limit: MAX_LIMIT, offset },
      schema: assetListSchema,
      signal,
    });
    items.push(...page.items);
    if (page.items.length < MAX_LIMIT || items.length >= page.total) return items;
  }
}

export async function getAsset(http: HttpClient, id: string, signal?: AbortSignal): Promise<Asset> {
  return (await http.get(path(id), { schema: assetResponseSchema, signal })).asset;
}

/**
 * `GET /api/assets/{id}/tree?status=true`: the asset, its children to any depth and each one's own
 * devices, every node with its subtree's rolled-up status (one request for a whole navigator).
 */
export function getAssetTree(http: HttpClient, id: string, signal?: AbortSignal): Promise<AssetTree> {
  return http.get(`${path(id)}/tree`, { query: { status: 'true' }, schema: assetTreeSchema, signal });
}

/** `GET /api/assets/{id}/status`: condition, health, connectivity and alerts rolled up over the subtree. */
export function getAssetStatus(http: HttpClient, id: string, signal?: AbortSignal): Promise<AssetStatus> {
  return http.get(`${path(id)}/status`, { schema: assetStatusSchema, signal });
}

/** `POST /api/assets` (admins) → 201 with the asset. */
export async function createAsset(http: HttpClient, body: CreateAssetBody): Promise<Asset> {
  return (await http.post('/api/assets', { body, schema: assetResponseSchema })).asset;
}

/** `PATCH /api/assets/{id}` (admins); a new `parent_id` moves it (a loop is refused with 400). */
export async function updateAsset(http: HttpClient, id: string, body: UpdateAssetBody): Promise<Asset> {
  return (await http.patch(path(id), { body, schema: assetResponseSchema })).asset;
}

/**
 * `DELETE /api/assets/{id}` (admins). With children or devices the server answers 409 unless
 * `detach` is set (`?cascade=detach`): then they are detached, not deleted.
 */
export async function deleteAsset(http: HttpClient, id: string, detach = false): Promise<void> {
  await http.delete(path(id), { query: { cascade: detach ? 'detach' : undefined } });
}

/** `PATCH /api/devices/{id} {asset_id}` (admins): attach a device to an asset, or detach it with null. */
export async function attachDevice(
  http: HttpClient,
  deviceId: string,
  assetId: string | null,
): Promise<void> {
  await http.patch(`/api/devices/${encodeURIComponent(deviceId)}`, { body: { asset_id: assetId } });
}

/** `GET /api/assets/{id}/telemetry?metric&from&to`: the history of an asset's computed metric, like a device's. */
export function getAssetTelemetry(
  http: HttpClient,
  id: string,
  params: HistoryParams,
  signal?: AbortSignal,
): Promise<TelemetrySeries> {
  return http.get(`${path(id)}/telemetry`, { query: { ...params }, schema: telemetrySeriesSchema, signal });
}
