import { use, useSyncExternalStore } from 'react';
import type { DeviceRef } from '@dtwin/contracts/dashboards';
import { deviceName, metricOf, resolveDevice, useDashboardScope, windowOf } from '../dashboard-context';
import { DashboardLiveContext } from '../dashboard-live';
import { useSeriesSet } from '../use-series-set';

/** One device metric of a widget: its definition, its series over the window and its latest value. */
export function useSingleMetric(ref: DeviceRef, metricName: string) {
  const scope = useDashboardScope();
  const lives = use(DashboardLiveContext);
  const deviceId = resolveDevice(ref, scope.variables);
  const set = useSeriesSet([{ deviceId, metric: metricName }], windowOf(scope), lives, scope.epoch);
  useSyncExternalStore(set.signal.subscribe, set.signal.version);
  const series = set.series?.[0] ?? null;
  return {
    deviceId,
    device: deviceName(scope, deviceId),
    metric: metricOf(scope, deviceId, metricName),
    series,
    signal: set.signal,
    latest: series?.last()?.value ?? null,
    error: set.error,
    reload: set.reload,
  };
}
