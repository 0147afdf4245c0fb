import type { Asset } from '@dtwin/contracts/assets';
import type { DashboardTimeRange, DashboardVariable, DeviceRef } from '@dtwin/contracts/dashboards';
import type { Device } from '@dtwin/contracts/devices';
import type { DeviceModel, MetricDefinition } from '@dtwin/contracts/models';
import { createContext, use } from 'react';
import { rangePresets } from '../devices/time-range';

/** What every widget of a dashboard needs: the fleet, the models, the variables and the time. */
export interface DashboardScope {
  devices: readonly Device[];
  /** Every asset: time series may chart an asset's computed metric. */
  assets: readonly Asset[];
  models: ReadonlyMap<string, DeviceModel>;
  variables: readonly DashboardVariable[];
  timeRange: DashboardTimeRange;
  /** A stretch dragged on a chart; every time series follows it until reset. */
  zoom: { from: number; to: number } | null;
  setZoom: (zoom: { from: number; to: number } | null) => void;
  /** Changes after a socket reconnection: histories are fetched again. */
  epoch: number;
}

export const DashboardScopeContext = createContext<DashboardScope | null>(null);

export function useDashboardScope(): DashboardScope {
  const scope = use(DashboardScopeContext);
  if (!scope) throw new Error('a widget needs a DashboardScopeContext above it');
  return scope;
}

/** The device a reference names now: itself, or the current value of its `$variable`. */
export function resolveDevice(ref: DeviceRef | null, variables: readonly DashboardVariable[]): string | null {
  if (ref === null) return null;
  if (!ref.startsWith('$')) return ref;
  return variables.find((v) => v.name === ref.slice(1))?.value ?? null;
}

export function metricOf(
  scope: DashboardScope,
  deviceId: string | null,
  metric: string,
): MetricDefinition | undefined {
  const device = scope.devices.find((d) => d.id === deviceId);
  return device ? scope.models.get(device.model)?.metrics.find((m) => m.name === metric) : undefined;
}

export function deviceName(scope: DashboardScope, deviceId: string | null): string {
  return scope.devices.find((d) => d.id === deviceId)?.name ?? deviceId ?? 'no device';
}

export function assetName(scope: DashboardScope, assetId: string): string {
  return scope.assets.find((a) => a.id === assetId)?.name ?? assetId;
}

/** The stretch widgets show: the zoomed one, else the last `time_range` up to now. */
export function windowOf(
  scope: DashboardScope,
): { kind: 'live'; ms: number } | { kind: 'fixed'; from: number; to: number } {
  if (scope.zoom) return { kind: 'fixed', ...scope.zoom };
  const ms = rangePresets.find((p) => p.key === scope.timeRange)?.ms ?? 3_600_000;
  return { kind: 'live', ms };
}
