/**
 * End-to-end latency of a coalesced stream. The server pushes at most a few events per device per
 * second, each with the newest value of each metric, so most readings are never sent on their
 * own: a newer one stands in for them. A reading counts as delivered when the first event whose
 * newest timestamp is at least its own reaches the client; its latency runs from its publication.
 */

export interface Publication {
  /** The reading's timestamp (epoch ms, as published). */
  ts: number;
  /** When it was written to the broker connection (epoch ms, sub-millisecond). */
  sentAt: number;
}

export interface Arrival {
  /** When the client got the event (epoch ms, sub-millisecond). */
  at: number;
  /** The newest reading timestamp the event carries for this device. */
  newestTs: number;
}

export interface DeliveryResult {
  latencies: number[];
  /** The latency of each publication in timestamp order, null when undelivered. */
  byPublication: Array<number | null>;
  /** Publications no event covered before the recording stopped. */
  undelivered: number;
}

/** Matches one device's publications with one client's arrivals for that device. */
export function deliveryLatencies(
  publications: readonly Publication[],
  arrivals: readonly Arrival[],
): DeliveryResult {
  const pubs = [...publications].sort((a, b) => a.ts - b.ts);
  const events = [...arrivals].sort((a, b) => a.at - b.at);
  // The newest timestamp seen so far at each arrival: a late event with an older value does
  // not deliver anything new.
  const latencies: number[] = [];
  const byPublication: Array<number | null> = [];
  let undelivered = 0;
  let e = 0;
  let coveredUpTo = -Infinity;
  for (const pub of pubs) {
    while (coveredUpTo < pub.ts && e < events.length) {
      coveredUpTo = Math.max(coveredUpTo, events[e]!.newestTs);
      e += 1;
    }
    if (coveredUpTo < pub.ts) {
      undelivered += 1;
      byPublication.push(null);
      continue;
    }
    // The event that first covered it is events[e - 1].
    const latency = events[e - 1]!.at - pub.sentAt;
    latencies.push(latency);
    byPublication.push(latency);
  }
  return { latencies, byPublication, undelivered };
}
