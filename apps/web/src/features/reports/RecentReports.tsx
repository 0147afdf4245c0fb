import type { Asset } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import type { Report } from '@dtwin/contracts/reports';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useHttp } from '../../lib/http-context';
import { downloadReport } from './reports-api';
import { scopeLabel } from './scope-label';
import { saveFile } from './save-file';

const kb = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function RecentReports({
  reports,
  devices,
  assets,
}: {
  reports: readonly Report[];
  devices: readonly Device[];
  /** To name the asset a fleet report was narrowed to. */
  assets: readonly Asset[];
}) {
  const http = useHttp();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function download(report: Report) {
    setBusy(report.id);
    setError(null);
    try {
      saveFile(await downloadReport(http, report.download_url), report.file_name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const scopeOf = (r: Report) => scopeLabel(r, devices, assets);

  const columns: Column<Report>[] = [
    { key: 'created', header: 'Created', render: (r) => <DateTime value={r.created_at} /> },
    { key: 'scope', header: 'Scope', render: scopeOf },
    {
      key: 'period',
      header: 'Period',
      render: (r) => (
        <>
          <DateTime value={r.from} /> – <DateTime value={r.to} />
        </>
      ),
    },
    { key: 'format', header: 'Format', render: (r) => `${r.format.toUpperCase()}, ${kb(r.size)}` },
    { key: 'by', header: 'Requested by', render: (r) => r.created_by ?? '—' },
    {
      key: 'download',
      header: <span className="visually-hidden">Download</span>,
      render: (r) => (
        <Button
          size="sm"
          busy={busy === r.id}
          onClick={() => void download(r)}
          aria-label={`Download ${r.file_name}`}
        >
          Download
        </Button>
      ),
    },
  ];

  return (
    <>
      {error !== null && (
        <ErrorBanner title="The report was not downloaded" error={error} onDismiss={() => setError(null)} />
      )}
      {reports.length === 0 ? (
        <EmptyState title="No reports yet">Reports you and your colleagues create appear here.</EmptyState>
      ) : (
        <DataTable caption="Recent reports" columns={columns} rows={reports} />
      )}
    </>
  );
}
