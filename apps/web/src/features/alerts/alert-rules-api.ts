import {
  alertRuleListSchema,
  alertRuleSchema,
  type AlertRule,
  type CreateAlertRuleBody,
  type UpdateAlertRuleBody,
} from '@dtwin/contracts/alerts';
import { deviceListSchema } from '@dtwin/contracts/devices';
import { modelListSchema, type DeviceModel } from '@dtwin/contracts/models';
import { channelListSchema, type Channel } from '@dtwin/contracts/notifications';
import type { HttpClient } from '../../lib/http';

/** `GET /api/alert-rules` → every rule (there are few). */
export async function listRules(http: HttpClient, signal?: AbortSignal): Promise<AlertRule[]> {
  return (await http.get('/api/alert-rules', { schema: alertRuleListSchema, signal })).items;
}

/** `POST /api/alert-rules` → 201 with the rule. */
export function createRule(http: HttpClient, body: CreateAlertRuleBody): Promise<AlertRule> {
  return http.post('/api/alert-rules', { body, schema: alertRuleSchema });
}

/** `PATCH /api/alert-rules/{id}` → the rule as stored. */
export function updateRule(http: HttpClient, id: number, body: UpdateAlertRuleBody): Promise<AlertRule> {
  return http.patch(`/api/alert-rules/${id}`, { body, schema: alertRuleSchema });
}

/** `DELETE /api/alert-rules/{id}` → 204; its open alerts clear. */
export async function deleteRule(http: HttpClient, id: number): Promise<void> {
  await http.delete(`/api/alert-rules/${id}`);
}

/** What the scope and channel pickers offer: models, device ids, channels. */
export interface RuleChoices {
  models: DeviceModel[];
  devices: { id: string; name: string; model: string }[];
  channels: Channel[];
}

export async function loadRuleChoices(http: HttpClient, signal?: AbortSignal): Promise<RuleChoices> {
  const [models, devices, channels] = await Promise.all([
    http.get('/api/models', { schema: modelListSchema, signal }),
    http.get('/api/devices', { query: { limit: 1000, sort: 'id' }, schema: deviceListSchema, signal }),
    http.get('/api/channels', { schema: channelListSchema, signal }),
  ]);
  return {
    models: models.items,
    devices: devices.items.map(({ id, name, model }) => ({ id, name, model })),
    channels: channels.items,
  };
}
