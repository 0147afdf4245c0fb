import type { DeviceModel } from '@dtwin/contracts/models';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { withParams } from '../../lib/search-params';
import { useResyncEpoch } from '../../lib/socket-hooks';
import type { DeviceLive } from './device-live';
import { MetricChart } from './MetricChart';
import { readTimeRange, rangeKey } from './time-range';
import { TimeRangePicker } from './TimeRangePicker';

interface TelemetryPanelProps {
  deviceId: string;
  model: DeviceModel;
  live: DeviceLive;
}

/** A chart per metric of the model, over the range in the URL. */
export function TelemetryPanel({ deviceId, model, live }: TelemetryPanelProps) {
  const [params, setParams] = useSearchParams();
  const range = readTimeRange(params);
  const epoch = useResyncEpoch();

  return (
    <>
      <TimeRangePicker
        key={rangeKey(range)}
        range={range}
        onPreset={(key) =>
          setParams(withParams(params, { range: key, from: null, to: null }), { replace: true })
        }
        onCustom={(from, to) => setParams(withParams(params, { range: null, from, to }), { replace: true })}
      />
      {range.kind === 'custom' && (
        <p className="cell--muted range-note">A past range: live readings are not added to it.</p>
      )}
      {model.metrics.length === 0 ? (
        <EmptyState title="This model defines no metrics" />
      ) : (
        <div className="metric-grid">
          {model.metrics.map((metric) => (
            <MetricChart
              key={metric.name}
              deviceId={deviceId}
              metric={metric}
              range={range}
              live={live}
              reloadKey={epoch}
            />
          ))}
        </div>
      )}
    </>
  );
}
