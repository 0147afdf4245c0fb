import type { Asset } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import { Button } from '../../components/Button';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { AssetSelect } from '../assets/AssetSelect';
import { deviceOptions } from './device-options';
import { resolvePeriod } from './period';
import { PeriodFields, RANGE_ERROR, type PeriodValues } from './PeriodFields';
import { createReport, type ReportRequest } from './reports-api';

/** The value of the scope "Whole fleet". */
const FLEET = '';

const formatOptions = [
  { value: 'pdf', label: 'PDF' },
  { value: 'html', label: 'HTML' },
];

interface ReportValues extends PeriodValues {
  /** A device id, or `FLEET`. */
  scope: string;
  /** With the fleet: an asset id to narrow it to that asset and everything under it, or ''. */
  asset: string;
  format: 'pdf' | 'html';
}

interface ReportFormProps {
  devices: readonly Device[];
  assets: readonly Asset[] | undefined;
  /** The job that renders the report, and what it is about ("Fleet, PDF"). */
  onStarted: (jobId: string, label: string) => void;
}

export function ReportForm({ devices, assets, onStarted }: ReportFormProps) {
  const http = useHttp();
  const form = useFormFields<ReportValues, { request: ReportRequest; label: string }>(
    { scope: FLEET, asset: '', period: '7d', from: '', to: '', format: 'pdf' },
    {
      // Messages stay until the next try.
      clearErrorOnChange: false,
      validate: ({ scope, asset: assetId, period, format, ...custom }) => {
        const range = resolvePeriod(period, custom);
        if ('error' in range) return { ok: false, errors: { [RANGE_ERROR]: range.error } };
        const device = devices.find((d) => d.id === scope);
        const asset = scope === FLEET ? assets?.find((a) => a.id === assetId) : undefined;
        const request: ReportRequest = {
          scope: scope === FLEET ? 'fleet' : { device_id: scope },
          ...(asset ? { asset_id: asset.id } : {}),
          ...range,
          format,
        };
        const about = device ? device.name : asset ? asset.name : 'Whole fleet';
        return { ok: true, body: { request, label: `${about}, ${format.toUpperCase()}` } };
      },
      send: async ({ request, label }) => onStarted(await createReport(http, request), label),
    },
  );

  return (
    <form onSubmit={form.handleSubmit} noValidate aria-label="Create a health report">
      <FormError form={form} title="The report was not started" />
      <div className="form-grid">
        <SelectField
          label="Scope"
          name="scope"
          options={deviceOptions(devices, 'Whole fleet')}
          {...form.bind('scope')}
        />
        <AssetSelect
          label="Asset"
          name="asset"
          none="Whole plant"
          assets={assets}
          disabled={form.values.scope !== FLEET}
          hint={
            form.values.scope === FLEET
              ? 'The fleet report of one asset and everything under it'
              : 'For fleet reports'
          }
          {...form.bind('asset')}
        />
        <PeriodFields values={form.values} bind={form.bind} errors={form.errors} />
        <SelectField label="Format" name="format" options={formatOptions} {...form.bind('format')} />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={form.submitting}>
          Create report
        </Button>
      </div>
    </form>
  );
}
