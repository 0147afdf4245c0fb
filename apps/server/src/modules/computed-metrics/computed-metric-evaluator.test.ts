import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../lib/clock';
import type { DomainEvents } from '../../lib/domain-events';
import { createEventBus } from '../../lib/event-bus';
import type { AssetTreePort } from './asset-tree.port';
import { createComputedMetricEvaluator } from './computed-metric-evaluator';
import type { ComputedMetricRow, ComputedValue } from './computed-metrics.repository';

/** LINE ← M1 (PUMP_1), M2 (PUMP_2): a line of two machines with one device each. */
const parents: Record<string, string | null> = { LINE: null, M1: 'LINE', M2: 'LINE' };
const attached: Record<string, string> = { PUMP_1: 'M1', PUMP_2: 'M2' };
const tree: AssetTreePort = {
  get: async (id) => ({ id, name: id }),
  children: async (id) => Object.keys(parents).filter((c) => parents[c] === id),
  subtreeDevices: async (id) =>
    Object.keys(attached).filter((d) => {
      for (let a: string | null | undefined = attached[d]; a; a = parents[a]) if (a === id) return true;
      return false;
    }),
  assetsOfDevice: async (d) => {
    const out: string[] = [];
    for (let a: string | null | undefined = attached[d]; a; a = parents[a]) out.push(a);
    return out;
  },
};

let nextId = 1;
const row = (asset_id: string, name: string, expression: string, device_id: string | null = null) =>
  ({
    id: nextId++,
    asset_id: device_id === null ? asset_id : null,
    device_id,
    name,
    unit: '',
    expression,
    created_by: null,
    created_at: 0,
  }) satisfies ComputedMetricRow;

function setup() {
  const clock = fakeClock(1_000_000);
  const stored: ComputedValue[] = [];
  const bus = createEventBus<DomainEvents>((_e, err) => {
    throw err;
  });
  const events: Array<DomainEvents['asset.metrics_computed']> = [];
  bus.on('asset.metrics_computed', (e) => void events.push(e));
  const deviceEvents: Array<DomainEvents['device.metrics_computed']> = [];
  bus.on('device.metrics_computed', (e) => void deviceEvents.push(e));
  const evaluator = createComputedMetricEvaluator({
    repository: {
      insertValues: async (values) => void stored.push(...values),
      latest: async () => new Map(),
    },
    tree,
    deviceLatest: async () => ({}),
    bus,
    clock,
    options: { minIntervalMs: 5000, staleAfterMs: 60_000 },
  });
  const rows = [
    row('M1', 'power', 'sum(devices.power)'),
    row('M2', 'power', 'sum(devices.power)'),
    row('LINE', 'total', 'sum(children.power)'),
  ];
  return { clock, stored, events, deviceEvents, evaluator, rows };
}

const reading = (deviceId: string, value: number, ts: number) => ({ deviceId, metric: 'power', value, ts });

describe('the computed metric evaluator', () => {
  it('evaluates machines before their line, and coalesces readings within the interval', async () => {
    const { clock, events, evaluator, rows } = setup();
    await evaluator.load(rows);
    const t0 = clock.now();
    evaluator.observe([reading('PUMP_1', 10, t0), reading('PUMP_2', 20, t0)]);
    await evaluator.settled();
    expect(events.map((e) => `${e.assetId}:${e.values.map((v) => v.value).join()}`)).toEqual([
      'M1:10',
      'M2:20',
      'LINE:30',
    ]);

    // Two more readings within the interval: nothing yet; at the next tick after it, once.
    events.length = 0;
    evaluator.observe([reading('PUMP_1', 11, t0 + 1000)]);
    evaluator.observe([reading('PUMP_1', 12, t0 + 2000)]);
    await evaluator.settled();
    expect(events).toHaveLength(0);
    clock.advance(5000);
    await evaluator.tick();
    expect(events.map((e) => `${e.assetId}:${e.values[0]!.value}@${e.ts - t0}`)).toEqual([
      'M1:12@2000',
      'LINE:32@2000',
    ]);
  });

  it('leaves out device values older than the staleness limit', async () => {
    const { clock, events, evaluator, rows } = setup();
    await evaluator.load(rows);
    const t0 = clock.now();
    evaluator.observe([reading('PUMP_1', 10, t0), reading('PUMP_2', 20, t0)]);
    await evaluator.settled();
    clock.advance(120_000);
    events.length = 0;
    evaluator.observe([reading('PUMP_1', 15, t0 + 120_000)]);
    await evaluator.settled();
    // PUMP_2's machine has not reported for two minutes: the line counts only what is current.
    expect(events.find((e) => e.assetId === 'LINE')?.values[0]?.value).toBe(15);
  });

  it("evaluates a device's own metrics, before the assets that aggregate them", async () => {
    const { clock, stored, events, deviceEvents, evaluator } = setup();
    const specific = row('', 'specific_energy', 'power / flow', 'PUMP_1');
    const doubled = row('', 'doubled', 'specific_energy * 2', 'PUMP_1');
    await evaluator.load([specific, doubled, row('M1', 'mean_se', 'mean(devices.specific_energy)')]);
    const t0 = clock.now();
    evaluator.observe([reading('PUMP_1', 10, t0), { deviceId: 'PUMP_1', metric: 'flow', value: 4, ts: t0 }]);
    await evaluator.settled();
    expect(deviceEvents).toEqual([
      {
        deviceId: 'PUMP_1',
        values: [
          { metric: 'specific_energy', value: 2.5 },
          { metric: 'doubled', value: 5 },
        ],
        ts: t0,
      },
    ]);
    expect(stored.filter((v) => v.metricId === specific.id).map((v) => v.value)).toEqual([2.5]);
    expect(events.find((e) => e.assetId === 'M1')?.values).toEqual([{ metric: 'mean_se', value: 2.5 }]);

    // Another device's readings do not evaluate PUMP_1's metrics; a deleted metric stops.
    deviceEvents.length = 0;
    evaluator.observe([reading('PUMP_2', 10, t0)]);
    await evaluator.settled();
    expect(deviceEvents).toHaveLength(0);
    evaluator.removeFromDevice('PUMP_1', [specific.id, doubled.id]);
    clock.advance(10_000);
    evaluator.observe([reading('PUMP_1', 12, t0 + 10_000)]);
    await evaluator.settled();
    expect(deviceEvents).toHaveLength(0);
    expect(evaluator.deviceMetricsOf('PUMP_1')).toHaveLength(0);
  });
});
