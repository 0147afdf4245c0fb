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

/** How far along a command is: pending, then delivered, then finished (statuses only move forward). */
const progress = (c: Command) => (c.status === 'pending' ? 0 : c.status === 'delivered' ? 1 : 2);

/**
 * Puts a command into the list (newest first, the list's length kept). A copy that is behind the one
 * already listed is ignored: the socket may announce the device's answer before the POST that sent
 * the command has returned its pending copy.
 */
export function mergeCommand(list: readonly Command[], next: Command, max = 20): Command[] {
  const known = list.find((c) => c.id === next.id);
  if (known && progress(known) > progress(next)) return [...list];
  const rest = list.filter((c) => c.id !== next.id);
  const merged = [next, ...rest].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return merged.slice(0, Math.max(max, list.length));
}
