/**
 * Limits the embedded broker applies before a device is trusted: how large a packet may be
 * (checked from the packet's header, so an announced 250 MiB PUBLISH is refused before its body
 * is buffered), which client ids a device may use, and how many unauthenticated connections one
 * address may hold or fail.
 */

/**
 * Follows MQTT's framing over the bytes of one connection (a type byte, then the remaining length
 * as a variable-length integer, then that many bytes) and answers false as soon as a packet
 * announces more than `maxBytes`. Holds a few counters, never the bytes themselves.
 */
export function packetSizeGuard(maxBytes: number): (chunk: Buffer) => boolean {
  let state: 'type' | 'length' | 'body' = 'type';
  let length = 0;
  let multiplier = 1;
  let lengthBytes = 0;
  let left = 0;
  return (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      if (state === 'type') {
        i += 1;
        state = 'length';
        length = 0;
        multiplier = 1;
        lengthBytes = 0;
      } else if (state === 'length') {
        const byte = chunk[i]!;
        i += 1;
        lengthBytes += 1;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        // Two bytes of header plus the length bytes count toward the packet's size.
        if (length + 1 + lengthBytes > maxBytes || (byte & 0x80 && lengthBytes >= 4)) return false;
        if ((byte & 0x80) === 0) {
          left = length;
          state = left === 0 ? 'type' : 'body';
        }
      } else {
        const take = Math.min(left, chunk.length - i);
        i += take;
        left -= take;
        if (left === 0) state = 'type';
      }
    }
    return true;
  };
}

/**
 * A device's client id is its id, or its id and a suffix after a colon (`PUMP_1:line-2`), so no
 * device can take over (or resume) another device's session. An empty id (a clean session the
 * broker names) is allowed too.
 */
export function clientIdAllowed(clientId: string, deviceId: string): boolean {
  return clientId === deviceId || (clientId.startsWith(`${deviceId}:`) && clientId.length <= 128);
}

export interface AddressLimits {
  /** Connections from one address that have not signed in yet, at once. */
  maxPendingPerAddress: number;
  /** Failed sign-ins from one address within `windowMs`; past it, its new connections are closed. */
  maxFailuresPerAddress: number;
  windowMs: number;
  /** Addresses tracked at once; the oldest entries are dropped past it. */
  maxAddresses?: number;
}

/** Counts unauthenticated connections and failed sign-ins per remote address. */
export function createAddressLimiter(limits: AddressLimits, now: () => number = Date.now) {
  const maxAddresses = limits.maxAddresses ?? 10_000;
  const pending = new Map<string, number>();
  const failures = new Map<string, { count: number; since: number }>();

  const failuresOf = (address: string) => {
    const entry = failures.get(address);
    if (entry && now() - entry.since >= limits.windowMs) {
      failures.delete(address);
      return undefined;
    }
    return entry;
  };

  return {
    /** Whether a new connection from `address` may go on; if so it counts as pending until `settled`. */
    admit(address: string): boolean {
      if ((failuresOf(address)?.count ?? 0) >= limits.maxFailuresPerAddress) return false;
      const open = pending.get(address) ?? 0;
      if (open >= limits.maxPendingPerAddress) return false;
      if (!pending.has(address) && pending.size >= maxAddresses) return false;
      pending.set(address, open + 1);
      return true;
    },
    /** The connection signed in, failed, or closed: it no longer counts as pending. */
    settled(address: string) {
      const open = (pending.get(address) ?? 1) - 1;
      if (open <= 0) pending.delete(address);
      else pending.set(address, open);
    },
    failed(address: string) {
      const entry = failuresOf(address);
      if (entry) entry.count += 1;
      else {
        if (failures.size >= maxAddresses) {
          const oldest = failures.keys().next().value;
          if (oldest !== undefined) failures.delete(oldest);
        }
        failures.set(address, { count: 1, since: now() });
      }
    },
  };
}

export type AddressLimiter = ReturnType<typeof createAddressLimiter>;
