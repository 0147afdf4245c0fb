import {
  deviceEventListSchema,
  deviceEventResponseSchema,
  type CreateDeviceEventBody,
  type DeviceEvent,
} from '@dtwin/contracts/device-events';
import type { HttpClient } from '../../lib/http';

const path = (id: string) => `/api/devices/${encodeURIComponent(id)}/events`;

/** The device's maintenance log, newest first. */
export async function listDeviceEvents(
  http: HttpClient,
  id: string,
  signal?: AbortSignal,
): Promise<DeviceEvent[]> {
  return (await http.get(`${path(id)}?limit=50`, { schema: deviceEventListSchema, signal })).items;
}

export async function recordDeviceEvent(
  http: HttpClient,
  id: string,
  body: CreateDeviceEventBody,
): Promise<DeviceEvent> {
  return (await http.post(path(id), { body, schema: deviceEventResponseSchema })).event;
}
