import type { Device } from '@dtwin/contracts/devices';
import { Button } from '../../components/Button';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
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
  format: 'pdf' | 'html';
}

interface ReportFormProps {
  devices: readonly Device[];
  /** The job that renders the report, and what it is about ("Fleet, PDF"). */
  onStarted: (jobId: string, label: string) => void;
}

export function ReportForm({ devices, onStarted }: ReportFormProps) {
  const http = useHttp();
  const form = useFormFields<ReportValues, { request: ReportRequest; label: string }>(
    { scope: FLEET, period: '7d', from: '', to: '', format: 'pdf' },
    {
      // Messages stay until the next try.
      clearErrorOnChange: false,
      validate: ({ scope, period, format, ...custom }) => {
        const range = resolvePeriod(period, custom);
        if ('error' in range) return { ok: false, errors: { [RANGE_ERROR]: range.error } };
        const device = devices.find((d) => d.id === scope);
        const request: ReportRequest = {
          scope: scope === FLEET ? 'fleet' : { device_id: scope },
          ...range,
          format,
        };
        return {
          ok: true,
          body: { request, label: `${device ? device.name : 'Whole fleet'}, ${format.toUpperCase()}` },
        };
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
