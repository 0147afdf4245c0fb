import type { Asset } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/SelectField';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { AssetSelect } from '../assets/AssetSelect';
import { resolvePeriod } from './period';
import { deviceOptions } from './device-options';
import { PeriodFields, RANGE_ERROR, type PeriodValues } from './PeriodFields';
import { ProgressBar } from './ProgressBar';
import { exportTelemetry, type ExportParams } from './reports-api';
import { saveFile } from './save-file';

const ALL = '';
const count = new Intl.NumberFormat();

const stepOptions = [
  { value: 'raw', label: 'Every reading' },
  { value: '1m', label: '1-minute summaries' },
  { value: '1h', label: '1-hour summaries' },
];
const formatOptions = [
  { value: 'csv', label: 'CSV' },
  { value: 'json', label: 'JSON' },
];

interface ExportValues extends PeriodValues, Pick<ExportParams, 'step' | 'format'> {
  /** An asset id, a device id or a metric name, or `ALL`. */
  asset: string;
  device: string;
  metric: string;
}

interface ExportFormProps {
  devices: readonly Device[];
  models: readonly DeviceModel[];
  /** For exporting the devices of one asset and everything under it. */
  assets: readonly Asset[] | undefined;
  assetsFailed?: boolean;
}

/** Telemetry as CSV or JSON: streamed from the server, with the rows counted as they arrive. */
export function ExportForm({ devices, models, assets, assetsFailed = false }: ExportFormProps) {
  const http = useHttp();
  const form = useFormFields<ExportValues>({
    asset: ALL,
    device: ALL,
    metric: ALL,
    period: '24h',
    from: '',
    to: '',
    step: 'raw',
    format: 'csv',
  });
  const { asset: assetId, device: deviceId, metric, period, step, format } = form.values;
  const [progress, setProgress] = useState<{ rows: number; total: number | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const device = devices.find((d) => d.id === deviceId);
  const metrics = device
    ? (models.find((m) => m.id === device.model)?.metrics ?? [])
    : [...new Map(models.flatMap((m) => m.metrics).map((m) => [m.name, m])).values()];

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setDone(null);
    const range = resolvePeriod(period, form.values);
    form.setErrors('error' in range ? { [RANGE_ERROR]: range.error } : {});
    if ('error' in range) return;
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ rows: 0, total: null });
    try {
      const params: ExportParams = {
        format,
        step,
        from: range.from,
        to: range.to,
        ...(assetId ? { asset_id: assetId } : {}),
        ...(deviceId ? { device_id: deviceId } : {}),
        ...(metric ? { metric } : {}),
      };
      let rows = 0;
      const file = await exportTelemetry(
        http,
        params,
        (received, total) => {
          rows = received;
          setProgress({ rows: received, total });
        },
        controller.signal,
      );
      saveFile(file, `digital-twin-telemetry.${format}`);
      setDone(`Exported ${count.format(rows)} rows.`);
    } catch (err) {
      if (!controller.signal.aborted) setError(err);
    } finally {
      abort.current = null;
      setProgress(null);
    }
  }

  const fraction =
    progress && progress.total !== null ? (progress.total === 0 ? 1 : progress.rows / progress.total) : null;

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Export telemetry">
      {error !== null && (
        <ErrorBanner title="The export did not complete" error={error} onDismiss={() => setError(null)} />
      )}
      {done && (
        <Notice tone="success" onDismiss={() => setDone(null)}>
          {done}
        </Notice>
      )}
      <div className="form-grid">
        <AssetSelect
          label="Asset"
          name="export-asset"
          none="Whole plant"
          assets={assets}
          failed={assetsFailed}
          hint="The devices of one asset and everything under it"
          {...form.bind('asset')}
        />
        <SelectField
          label="Device"
          name="device"
          options={deviceOptions(devices, 'All devices')}
          value={deviceId}
          onChange={(e) => {
            form.set('device', e.target.value);
            form.set('metric', ALL);
          }}
        />
        <SelectField
          label="Metric"
          name="metric"
          options={[
            { value: ALL, label: 'All metrics' },
            ...metrics.map((m) => ({ value: m.name, label: `${m.label} (${m.unit})` })),
          ]}
          {...form.bind('metric')}
        />
        <PeriodFields values={form.values} bind={form.bind} errors={form.errors} />
        <SelectField label="Resolution" name="step" options={stepOptions} {...form.bind('step')} />
        <SelectField label="File format" name="format" options={formatOptions} {...form.bind('format')} />
      </div>
      {progress && (
        <ProgressBar
          label="Export progress"
          value={fraction}
          text={
            progress.total === null
              ? `${count.format(progress.rows)} rows`
              : `${count.format(progress.rows)} of ${count.format(progress.total)} rows`
          }
        />
      )}
      <div className="form-actions">
        {progress && <Button onClick={() => abort.current?.abort()}>Cancel</Button>}
        <Button type="submit" variant="primary" busy={progress !== null}>
          Export
        </Button>
      </div>
    </form>
  );
}
