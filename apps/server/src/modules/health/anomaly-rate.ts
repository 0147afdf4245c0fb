const MINUTE = 60_000;

/**
 * The share of anomalous readings per device over the last `windowMs`, from the detector's
 * `anomaly.scored` events: per device a ring of one-minute buckets (scored, anomalous), so memory
 * is bounded by devices × minutes whatever the reading rate.
 */
export function createAnomalyRate({ windowMs = 60 * MINUTE, threshold = 0.7 } = {}) {
  const size = Math.ceil(windowMs / MINUTE);
  const devices = new Map<string, { minute: Int32Array; scored: Uint32Array; anomalous: Uint32Array }>();

  return {
    threshold,
    record(deviceId: string, ts: number, score: number): void {
      if (!Number.isFinite(score) || !Number.isFinite(ts)) return;
      let d = devices.get(deviceId);
      if (!d)
        devices.set(
          deviceId,
          (d = {
            minute: new Int32Array(size).fill(-1),
            scored: new Uint32Array(size),
            anomalous: new Uint32Array(size),
          }),
        );
      const m = Math.floor(ts / MINUTE);
      const i = ((m % size) + size) % size;
      if (d.minute[i] !== m) {
        if ((d.minute[i] ?? -1) > m) return; // older than what the slot holds: outside the window
        d.minute[i] = m;
        d.scored[i] = 0;
        d.anomalous[i] = 0;
      }
      d.scored[i] = (d.scored[i] ?? 0) + 1;
      if (score >= threshold) d.anomalous[i] = (d.anomalous[i] ?? 0) + 1;
    },

    /** undefined when nothing was scored for this device in the window (no detector feeding us). */
    rate(deviceId: string, now: number): { rate: number; scored: number } | undefined {
      const d = devices.get(deviceId);
      if (!d) return undefined;
      const from = Math.floor((now - windowMs) / MINUTE);
      let scored = 0;
      let anomalous = 0;
      for (let i = 0; i < size; i++) {
        const m = d.minute[i] ?? -1;
        if (m > from && m <= Math.floor(now / MINUTE)) {
          scored += d.scored[i] ?? 0;
          anomalous += d.anomalous[i] ?? 0;
        }
      }
      return scored === 0 ? undefined : { rate: anomalous / scored, scored };
    },

    forget(deviceId: string): void {
      devices.delete(deviceId);
    },
  };
}

export type AnomalyRate = ReturnType<typeof createAnomalyRate>;
