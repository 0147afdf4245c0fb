import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { TabNav } from '../../components/TabNav';
import { isApiError } from '../../lib/api-error';
import { useHttp } from '../../lib/http-context';
import { withParams } from '../../lib/search-params';
import { useResyncEpoch, useSocketEvent } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { useCurrentUser } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import { AlertHistoryPanel } from './AlertHistoryPanel';
import { AnomalyContextNote } from './AnomalyContextNote';
import { ComputedMetricsPanel } from '../assets/ComputedMetricsPanel';
import { CommandsPanel } from './CommandsPanel';
import { useDeviceLive } from './device-live';
import { DeviceHeader } from './DeviceHeader';
import { getDevice, getTwin, listModels } from './devices-api';
import { HealthPanel } from './HealthPanel';
import { IngestPanel } from './IngestPanel';
import { PatternsPanel } from './PatternsPanel';
import { MaintenanceLogPanel } from './MaintenanceLogPanel';
import { PredictionsPanel } from './PredictionsPanel';
import { RecommendationsPanel } from './RecommendationsPanel';
import { TelemetryPanel } from './TelemetryPanel';
import { TwinPanel } from './TwinPanel';
import './DevicePage.css';

const tabs = [
  { key: 'telemetry', label: 'Telemetry' },
  { key: 'twin', label: 'Twin' },
  { key: 'commands', label: 'Commands' },
  { key: 'health', label: 'Health' },
  { key: 'predictions', label: 'Predictions' },
  { key: 'patterns', label: 'Patterns' },
  { key: 'recommendations', label: 'Recommendations' },
  { key: 'alerts', label: 'Alerts' },
] as const;
type TabKey = (typeof tabs)[number]['key'];

export function DevicePage() {
  const { id = '' } = useParams();
  const http = useHttp();
  const me = useCurrentUser();
  const [params] = useSearchParams();
  const tab: TabKey = tabs.find((t) => t.key === params.get('tab'))?.key ?? 'telemetry';
  const epoch = useResyncEpoch();

  const device = useQuery(['device', id, epoch], (signal) => getDevice(http, id, signal));
  const models = useQuery(['models'], (signal) => listModels(http, signal));
  const twin = useQuery(['twin', id, epoch], (signal) => getTwin(http, id, signal));
  const live = useDeviceLive(id);
  const [conflict, setConflict] = useState(false);

  useSocketEvent('twin', (next) => {
    if (next.device_id !== id) return;
    // A new version means new desired values and a new ETag: fetch it. Otherwise only the state moved.
    if (twin.data && next.version !== twin.data.twin.version) twin.reload();
    else twin.update((current) => ({ ...current, twin: next }));
  });

  if (isApiError(device.error) && device.error.status === 404) {
    return (
      <EmptyState title={`There is no device ${id}`}>
        <p>It may have been deleted. The device list shows the ones that exist.</p>
      </EmptyState>
    );
  }
  if (device.data === undefined) {
    return device.error !== null ? (
      <ErrorBanner title="Could not load the device" error={device.error} onRetry={device.reload} />
    ) : (
      <LoadingState label="Loading the device…" />
    );
  }

  const d = device.data;
  const model = models.data?.find((m) => m.id === d.model);
  const t = twin.data?.twin;
  const labelOf = (metric: string) => model?.metrics.find((m) => m.name === metric)?.label ?? metric;
  const tabLink = (key: TabKey) =>
    `?${withParams(params, { tab: key === 'telemetry' ? null : key }).toString()}`;

  return (
    <>
      <DeviceHeader
        device={d}
        model={model}
        connectivity={t?.connectivity ?? d.connectivity}
        condition={t?.condition ?? d.condition}
        lastSeen={t?.last_seen ?? d.last_seen}
        live={live}
        isAdmin={hasRole(me.role, 'admin')}
      />
      <TabNav
        label="Device views"
        tabs={tabs.map((x) => ({ to: tabLink(x.key), label: x.label, current: x.key === tab }))}
      />
      {models.error !== null && (
        <ErrorBanner title="Could not load the device models" error={models.error} onRetry={models.reload} />
      )}
      {tab === 'telemetry' &&
        (model ? (
          <>
            <TelemetryPanel deviceId={id} model={model} live={live} />
            <ComputedMetricsPanel
              key={id}
              subject={{ kind: 'device', id }}
              canEdit={hasRole(me.role, 'admin')}
            />
            <MaintenanceLogPanel deviceId={id} canRecord={hasRole(me.role, 'operator')} />
          </>
        ) : (
          models.loading && <LoadingState />
        ))}
      {tab === 'twin' && (
        <>
          {twin.error !== null && (
            <ErrorBanner title="Could not load the twin" error={twin.error} onRetry={twin.reload} />
          )}
          {twin.data && model ? (
            <TwinPanel
              deviceId={id}
              model={model}
              current={twin.data}
              canEdit={hasRole(me.role, 'operator')}
              conflict={conflict}
              live={live}
              onSaved={(next) => {
                setConflict(false);
                twin.update(() => next);
              }}
              onStale={() => {
                setConflict(true);
                twin.reload();
              }}
            />
          ) : (
            twin.loading && <LoadingState label="Loading the twin…" />
          )}
          {twin.data && (
            <AnomalyContextNote
              deviceId={id}
              revision={`${twin.data.twin.version} ${JSON.stringify(twin.data.twin.reported.properties)}`}
            />
          )}
          <IngestPanel deviceId={id} />
        </>
      )}
      {tab === 'commands' &&
        (model ? (
          <CommandsPanel deviceId={id} model={model} canSend={hasRole(me.role, 'operator')} />
        ) : (
          models.loading && <LoadingState />
        ))}
      {tab === 'health' && <HealthPanel deviceId={id} />}
      {tab === 'predictions' && <PredictionsPanel deviceId={id} labelOf={labelOf} />}
      {tab === 'patterns' && <PatternsPanel deviceId={id} labelOf={labelOf} />}
      {tab === 'recommendations' && <RecommendationsPanel deviceId={id} />}
      {tab === 'alerts' && <AlertHistoryPanel deviceId={id} />}
    </>
  );
}
