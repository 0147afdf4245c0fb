import {
  channelListSchema,
  channelSchema,
  channelTestResultSchema,
  notificationListSchema,
  type Channel,
  type ChannelTestResult,
  type CreateChannelBody,
  type NotificationKind,
  type NotificationStatus,
  type UpdateChannelBody,
} from '@dtwin/contracts/notifications';
import type { HttpClient } from '../../lib/http';

export const LOG_PAGE_SIZE = 50;

/** `GET /api/channels` → every channel, secrets left out. */
export async function listChannels(http: HttpClient, signal?: AbortSignal): Promise<Channel[]> {
  return (await http.get('/api/channels', { schema: channelListSchema, signal })).items;
}

/** `POST /api/channels` → 201 with the channel. */
export function createChannel(http: HttpClient, body: CreateChannelBody): Promise<Channel> {
  return http.post('/api/channels', { body, schema: channelSchema });
}

/** `PATCH /api/channels/{id}`: a secret left out is kept. */
export function updateChannel(http: HttpClient, id: number, body: UpdateChannelBody): Promise<Channel> {
  return http.patch(`/api/channels/${id}`, { body, schema: channelSchema });
}

export async function deleteChannel(http: HttpClient, id: number): Promise<void> {
  await http.delete(`/api/channels/${id}`);
}

/** `POST /api/channels/{id}/test` → whether a test message went through, and why not. */
export function testChannel(http: HttpClient, id: number): Promise<ChannelTestResult> {
  return http.post(`/api/channels/${id}/test`, { schema: channelTestResultSchema });
}

export interface NotificationLogParams {
  status?: NotificationStatus;
  kind?: NotificationKind;
  channel_id?: number;
  limit: number;
  offset: number;
}

/** `GET /api/notifications?status=&kind=&channel_id=&limit=&offset=` → every attempt, newest first. */
export function listNotifications(http: HttpClient, params: NotificationLogParams, signal?: AbortSignal) {
  return http.get('/api/notifications', { query: { ...params }, schema: notificationListSchema, signal });
}
