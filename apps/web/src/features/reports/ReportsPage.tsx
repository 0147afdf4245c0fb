import { useCallback, useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { ExportForm } from './ExportForm';
import { RecentReports } from './RecentReports';
import { ReportForm } from './ReportForm';
import { ReportJob } from './ReportJob';
import { listReports, loadPickers } from './reports-api';
import { ReportSchedules } from './ReportSchedules';
import { ScheduleForm } from './ScheduleForm';
import { listSchedules } from './schedules-api';
import { listChannels } from '../channels/channels-api';
import { useCurrentUser } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import { useAssets } from '../assets/AssetSelect';
import './ReportsPage.css';

/** Health reports (rendered in the background, then downloaded) and telemetry exports. */
export function ReportsPage() {
  const http = useHttp();
  const pickers = useQuery(['report-pickers'], (signal) => loadPickers(http, signal));
  const reports = useQuery(['reports'], (signal) => listReports(http, signal));
  const isAdmin = hasRole(useCurrentUser().role, 'admin');
  const schedules = useQuery(['report-schedules'], (signal) => listSchedules(http, signal));
  const channels = useQuery(['report-channels', isAdmin], (signal) =>
    isAdmin ? listChannels(http, signal) : Promise.resolve([]),
  );
  const [jobs, setJobs] = useState<Array<{ id: string; label: string }>>([]);
  const reloadReports = reports.reload;
  const onReady = useCallback(() => reloadReports(), [reloadReports]);

  const assets = useAssets();
  const devices = pickers.data?.devices ?? [];
  const models = pickers.data?.models ?? [];

  return (
    <>
      <PageHeader
        title="Reports and exports"
        description="Health reports for the fleet, one asset or one device, and telemetry to take elsewhere."
      />
      {pickers.error !== null && (
        <ErrorBanner
          title="The device list could not be loaded"
          error={pickers.error}
          onRetry={pickers.reload}
        />
      )}

      <section className="panel" aria-labelledby="report-title">
        <h2 className="panel__title" id="report-title">
          Health report
        </h2>
        <p className="panel__hint">
          Summary, health and its components, alerts, predictions, recommendations and charts, as a PDF or an
          HTML page.
        </p>
        <ReportForm
          devices={devices}
          assets={assets.data}
          onStarted={(id, label) => setJobs((current) => [{ id, label }, ...current])}
        />
        {jobs.length > 0 && (
          <div className="report-jobs">
            {jobs.map((job) => (
              <ReportJob key={job.id} jobId={job.id} label={job.label} onReady={onReady} />
            ))}
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="recent-title">
        <h2 className="panel__title" id="recent-title">
          Recent reports
        </h2>
        {reports.error !== null && (
          <ErrorBanner
            title="The reports could not be loaded"
            error={reports.error}
            onRetry={reports.reload}
          />
        )}
        {reports.data ? (
          <RecentReports reports={reports.data.items} devices={devices} assets={assets.data ?? []} />
        ) : (
          reports.error === null && <LoadingState />
        )}
      </section>

      <section className="panel" aria-labelledby="schedules-title">
        <h2 className="panel__title" id="schedules-title">
          Scheduled reports
        </h2>
        <p className="panel__hint">
          A report made every day, week or month at a set time, mailed through an e-mail channel.
        </p>
        {schedules.error !== null && (
          <ErrorBanner
            title="The schedules could not be loaded"
            error={schedules.error}
            onRetry={schedules.reload}
          />
        )}
        {schedules.data ? (
          <ReportSchedules
            schedules={schedules.data}
            devices={devices}
            assets={assets.data ?? []}
            canManage={isAdmin}
            onChanged={schedules.reload}
          />
        ) : (
          schedules.error === null && <LoadingState />
        )}
        {isAdmin && channels.data && (
          <ScheduleForm
            devices={devices}
            assets={assets.data}
            assetsFailed={assets.error !== null}
            channels={channels.data}
            onCreated={() => schedules.reload()}
          />
        )}
      </section>

      <section className="panel" aria-labelledby="export-title">
        <h2 className="panel__title" id="export-title">
          Export telemetry
        </h2>
        <ExportForm
          devices={devices}
          models={models}
          assets={assets.data}
          assetsFailed={assets.error !== null}
        />
      </section>
    </>
  );
}
