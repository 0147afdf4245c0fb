import type { DashboardAlert } from '@dtwin/contracts/dashboard';
import type { AlertEvent } from '@dtwin/contracts/realtime';

/** The feed shows this many alerts, newest first. */
export const FEED_LIMIT = 12;

/** A live alert event in the dashboard's shape. */
export function feedItemOf({ alert }: AlertEvent): DashboardAlert {
  return {
    id: alert.id,
    device_id: alert.device_id,
    severity: alert.severity,
    state: alert.state,
    // The rule's name, then the server's sentence: the metric, the value, the device and the limit.
    title: alert.message ? `${alert.rule_name}: ${alert.message}` : alert.rule_name,
    ts: alert.started_at,
  };
}

/**
 * Applies live events to what arrived live so far: a raised alert is added, a change updates
 * an alert already known (live or from the last fetch). Bounded: only the newest are kept.
 */
export function applyFeedEvents(
  live: readonly DashboardAlert[],
  fetched: readonly DashboardAlert[],
  events: readonly AlertEvent[],
): DashboardAlert[] {
  const byId = new Map(live.map((a) => [String(a.id), a]));
  const known = new Set([...byId.keys(), ...fetched.map((a) => String(a.id))]);
  for (const event of events) {
    const id = String(event.alert.id);
    if (event.change === 'raised' || known.has(id)) {
      byId.set(id, feedItemOf(event));
      known.add(id);
    }
  }
  return newestFirst([...byId.values()]).slice(0, FEED_LIMIT);
}

/** The feed: live versions win over fetched ones; newest first; at most FEED_LIMIT. */
export function mergeFeed(
  live: readonly DashboardAlert[],
  fetched: readonly DashboardAlert[],
): DashboardAlert[] {
  const byId = new Map(fetched.map((a) => [String(a.id), a]));
  for (const a of live) byId.set(String(a.id), a);
  return newestFirst([...byId.values()]).slice(0, FEED_LIMIT);
}

function newestFirst(items: DashboardAlert[]): DashboardAlert[] {
  return items.sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts));
}
