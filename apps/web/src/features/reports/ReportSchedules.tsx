import type { Asset } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import type { ReportRun, ReportSchedule } from '@dtwin/contracts/report-schedules';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { deleteSchedule, listRuns, runScheduleNow } from './schedules-api';
import { scopeLabel } from './scope-label';

const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function whenOf(s: ReportSchedule): string {
  const at = `at ${s.time} (${s.time_zone})`;
  if (s.frequency === 'weekly') return `Every ${weekdayNames[s.weekday ?? 0]} ${at}`;
  if (s.frequency === 'monthly') return `Monthly on day ${s.day_of_month} ${at}`;
  return `Every day ${at}`;
}

const statusText: Record<ReportRun['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  sent: 'Sent',
  failed: 'Failed',
};

function RunHistory({ schedule }: { schedule: ReportSchedule }) {
  const http = useHttp();
  const runs = useQuery(['report-runs', schedule.id], (signal) => listRuns(http, schedule.id, signal));
  if (runs.error !== null)
    return <ErrorBanner title="The runs could not be loaded" error={runs.error} onRetry={runs.reload} />;
  const items = runs.data ?? [];
  if (items.length === 0) return <p className="cell--muted">No runs yet.</p>;
  return (
    <DataTable
      caption={`Runs of ${schedule.name}`}
      columns={[
        { key: 'started', header: 'Started', render: (r: ReportRun) => <DateTime value={r.started_at} /> },
        { key: 'status', header: 'Status', render: (r: ReportRun) => statusText[r.status] },
        {
          key: 'detail',
          header: 'Detail',
          className: 'cell--wrap',
          render: (r: ReportRun) => r.error ?? (r.report_id ? `Report ${r.report_id}` : ''),
        },
      ]}
      rows={items}
    />
  );
}

interface ReportSchedulesProps {
  schedules: readonly ReportSchedule[];
  devices: readonly Device[];
  /** To name the asset a schedule is narrowed to. */
  assets: readonly Asset[];
  canManage: boolean;
  onChanged: () => void;
}

/** The report schedules, their next and last runs, and each one's history on demand. */
export function ReportSchedules({ schedules, devices, assets, canManage, onChanged }: ReportSchedulesProps) {
  const http = useHttp();
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);

  async function act(id: number, task: () => Promise<unknown>) {
    setBusy(id);
    setError(null);
    try {
      await task();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  if (schedules.length === 0) return <p className="panel__hint">No reports are scheduled.</p>;
  const scopeOf = (s: ReportSchedule) => scopeLabel(s, devices, assets);
  const columns: Column<ReportSchedule>[] = [
    {
      key: 'name',
      header: 'Name',
      className: 'cell--ellipsis',
      render: (s) => <span title={s.name}>{s.name}</span>,
    },
    { key: 'scope', header: 'Report on', render: scopeOf },
    { key: 'when', header: 'When', className: 'cell--wrap', render: whenOf },
    { key: 'next', header: 'Next run', render: (s) => <DateTime value={s.next_run_at} /> },
    {
      key: 'last',
      header: 'Last run',
      render: (s) => (s.last_run ? `${statusText[s.last_run.status]}` : 'Not yet'),
    },
    actionsColumn((s) => (
      <span className="row-actions">
        <Button size="sm" onClick={() => setOpen(open === s.id ? null : s.id)} aria-expanded={open === s.id}>
          {open === s.id ? 'Hide runs' : 'Runs'}
        </Button>
        {canManage && (
          <>
            <Button
              size="sm"
              disabled={busy === s.id}
              onClick={() => void act(s.id, () => runScheduleNow(http, s.id))}
            >
              Run now
            </Button>
            <Button
              size="sm"
              variant="danger"
              disabled={busy === s.id}
              aria-label={`Delete ${s.name}`}
              onClick={() => void act(s.id, () => deleteSchedule(http, s.id))}
            >
              Delete
            </Button>
          </>
        )}
      </span>
    )),
  ];
  const shown = schedules.find((s) => s.id === open);
  return (
    <>
      {error !== null && <ErrorBanner title="That did not work" error={error} />}
      <DataTable caption="Report schedules" columns={columns} rows={schedules} />
      {shown && (
        <div className="report-runs">
          <h3>Runs of {shown.name}</h3>
          <RunHistory key={shown.id} schedule={shown} />
        </div>
      )}
    </>
  );
}
