import {
  commandListSchema,
  sendCommandResponseSchema,
  type Command,
  type SendCommandBody,
} from '@dtwin/contracts/commands';
import type { HttpClient } from '../../lib/http';

const path = (id: string) => `/api/devices/${encodeURIComponent(id)}/commands`;

/** The device's commands, newest first. */
export async function listCommands(http: HttpClient, id: string, signal?: AbortSignal): Promise<Command[]> {
  return (await http.get(`${path(id)}?limit=20`, { schema: commandListSchema, signal })).items;
}

export async function sendCommand(http: HttpClient, id: string, body: SendCommandBody): Promise<Command> {
  return (await http.post(path(id), { body, schema: sendCommandResponseSchema })).command;
}

/** Puts a command pushed over the socket into the list (newest first, the list's length kept). */
export function mergeCommand(list: readonly Command[], next: Command, max = 20): Command[] {
  const rest = list.filter((c) => c.id !== next.id);
  const merged = [next, ...rest].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return merged.slice(0, Math.max(max, list.length));
}
