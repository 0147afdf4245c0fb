import type { Device } from '@dtwin/contracts/devices';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { fieldErrorsFromError, type FieldErrors } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { periodOptions, resolvePeriod, type Period } from './period';
import { createReport } from './reports-api';

const FLEET = '';

interface ReportFormProps {
  devices: readonly Device[];
  /** The job that renders the report, and what it is about ("Fleet, PDF"). */
  onStarted: (jobId: string, label: string) => void;
}

export function ReportForm({ devices, onStarted }: ReportFormProps) {
  const http = useHttp();
  const [scope, setScope] = useState(FLEET);
  const [period, setPeriod] = useState<Period>('7d');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [format, setFormat] = useState<'pdf' | 'html'>('pdf');
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const scopeOptions = [
    { value: FLEET, label: 'Whole fleet' },
    ...devices.map((d) => ({ value: d.id, label: `${d.name} (${d.id})` })),
  ];

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    const range = resolvePeriod(period, custom);
    if ('error' in range) {
      setRangeError(range.error);
      return;
    }
    setRangeError(null);
    setBusy(true);
    try {
      const jobId = await createReport(http, {
        scope: scope === FLEET ? 'fleet' : { device_id: scope },
        from: range.from,
        to: range.to,
        format,
      });
      const device = devices.find((d) => d.id === scope);
      onStarted(jobId, `${device ? device.name : 'Whole fleet'}, ${format.toUpperCase()}`);
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsFromError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Create a health report">
      {error !== null && <ErrorBanner title="The report was not started" error={error} />}
      <div className="form-grid">
        <SelectField
          label="Scope"
          name="scope"
          options={scopeOptions}
          value={scope}
          onChange={(e) => setScope(e.target.value)}
          error={fieldErrors.scope}
        />
        <SelectField
          label="Period"
          name="period"
          options={periodOptions}
          value={period}
          onChange={(e) => setPeriod(e.target.value as Period)}
          error={period === 'custom' ? null : rangeError}
        />
        {period === 'custom' && (
          <>
            <TextField
              label="From"
              name="from"
              type="datetime-local"
              value={custom.from}
              onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))}
              error={rangeError ?? fieldErrors.from}
            />
            <TextField
              label="To"
              name="to"
              type="datetime-local"
              value={custom.to}
              onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))}
              error={fieldErrors.to}
            />
          </>
        )}
        <SelectField
          label="Format"
          name="format"
          options={[
            { value: 'pdf', label: 'PDF' },
            { value: 'html', label: 'HTML' },
          ]}
          value={format}
          onChange={(e) => setFormat(e.target.value as 'pdf' | 'html')}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Create report
        </Button>
      </div>
    </form>
  );
}
