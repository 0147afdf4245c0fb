import type { WidgetOf } from '@dtwin/contracts/dashboards';
import { use, useEffect, useState } from 'react';
import { formatValue } from '../../../components/charts/format-value';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { useHttp } from '../../../lib/http-context';
import { useQuery } from '../../../lib/use-query';
import { getTwin } from '../../devices/devices-api';
import { metricOf, resolveDevice, useDashboardScope } from '../dashboard-context';
import { DashboardLiveContext } from '../dashboard-live';
import { levelLabels, levelOf } from '../metric-level';

/** Devices shown when the widget names none: the first of the fleet, by name. */
export const MAX_TABLE_ROWS = 50;

/** Devices × metrics, each cell the latest reading coloured by the model's ranges, live. */
export function StatusTableWidget({ widget }: { widget: WidgetOf<'status_table'> }) {
  const scope = useDashboardScope();
  const http = useHttp();
  const lives = use(DashboardLiveContext);
  const { options } = widget;
  const ids = (
    options.devices.length > 0
      ? options.devices.map((ref) => resolveDevice(ref, scope.variables))
      : [...scope.devices].sort((a, b) => a.name.localeCompare(b.name)).map((d) => d.id)
  )
    .filter((id): id is string => id !== null)
    .slice(0, MAX_TABLE_ROWS);

  const twins = useQuery(['dashboard-twins', ids, scope.epoch], (signal) =>
    Promise.all(
      ids.map((id) => getTwin(http, id, signal).then((t) => [id, t.twin.reported.metrics] as const)),
    ),
  );

  // Live readings re-render the table at most once per frame per device.
  const [, setTick] = useState(0);
  useEffect(() => {
    const offs = ids.map((id) => lives.get(id)?.subscribeLatest(() => setTick((n) => n + 1)));
    return () => offs.forEach((off) => off?.());
  }, [lives, ids.join('|')]); // eslint-disable-line react-hooks/exhaustive-deps

  const metricLabel = (name: string) =>
    [...scope.models.values()].flatMap((model) => model.metrics).find((x) => x.name === name)?.label ?? name;

  if (twins.error)
    return <ErrorBanner title="Could not load the readings" error={twins.error} onRetry={twins.reload} />;
  const reported = new Map(twins.data ?? []);
  return (
    <div className="status-table">
      <table>
        <thead>
          <tr>
            <th scope="col">Device</th>
            {options.metrics.map((m) => (
              <th key={m} scope="col">
                {metricLabel(m)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => {
            const live = lives.get(id)?.getLatest() ?? {};
            const device = scope.devices.find((d) => d.id === id);
            return (
              <tr key={id}>
                <th scope="row" className="status-table__device" title={device?.name ?? id}>
                  {device?.name ?? id}
                </th>
                {options.metrics.map((m) => {
                  const metric = metricOf(scope, id, m);
                  const value = live[m]?.value ?? reported.get(id)?.[m]?.value ?? null;
                  const level = metric ? levelOf(metric, value) : 'unknown';
                  return (
                    <td key={m} className={`level-${level}`} title={levelLabels[level]} data-level={level}>
                      {metric ? formatValue(value, metric.unit) : '—'}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
