import type { Asset } from '@dtwin/contracts/assets';
import type { Channel } from '@dtwin/contracts/notifications';
import { createReportScheduleBodySchema, type ReportSchedule } from '@dtwin/contracts/report-schedules';
import type { Device } from '@dtwin/contracts/devices';
import { Button } from '../../components/Button';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { checkWith } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { AssetSelect } from '../assets/AssetSelect';
import { deviceOptions } from './device-options';
import { createSchedule } from './schedules-api';

const frequencies = [
  { value: 'daily', label: 'Every day' },
  { value: 'weekly', label: 'Every week' },
  { value: 'monthly', label: 'Every month' },
];
const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].map(
  (label, i) => ({ value: String(i), label }),
);
const monthDays = Array.from({ length: 28 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
const periods = [
  { value: '1', label: 'Last day' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
];
const formats = [
  { value: 'pdf', label: 'PDF' },
  { value: 'html', label: 'HTML' },
];

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

interface ScheduleFormProps {
  devices: readonly Device[];
  /** For narrowing a fleet report to an asset and everything under it. */
  assets: readonly Asset[] | undefined;
  assetsFailed?: boolean;
  channels: readonly Channel[];
  onCreated: (schedule: ReportSchedule) => void;
}

/** A report mailed on a schedule (admins: it mails through a notification channel). */
export function ScheduleForm({
  devices,
  assets,
  assetsFailed = false,
  channels,
  onCreated,
}: ScheduleFormProps) {
  const http = useHttp();
  const mailChannels = channels.filter((c) => c.type === 'email');
  const form = useFormFields(
    {
      name: '',
      scope: '',
      asset_id: '',
      period_days: '7',
      format: 'pdf',
      frequency: 'weekly',
      weekday: '1',
      day_of_month: '1',
      time: '07:00',
      time_zone: browserZone(),
      channel_id: String(mailChannels[0]?.id ?? ''),
    },
    {
      validate: (v) =>
        checkWith(createReportScheduleBodySchema, {
          name: v.name,
          scope: v.scope === '' ? 'fleet' : { device_id: v.scope },
          ...(v.scope === '' && v.asset_id !== '' ? { asset_id: v.asset_id } : {}),
          period_days: Number(v.period_days),
          format: v.format,
          frequency: v.frequency,
          time: v.time,
          ...(v.frequency === 'weekly' ? { weekday: Number(v.weekday) } : {}),
          ...(v.frequency === 'monthly' ? { day_of_month: Number(v.day_of_month) } : {}),
          time_zone: v.time_zone.trim(),
          channel_id: Number(v.channel_id),
        }),
      send: async (body) => {
        onCreated(await createSchedule(http, body));
        form.set('name', '');
      },
    },
  );

  if (mailChannels.length === 0) {
    return (
      <p className="panel__hint">
        Add an e-mail channel under Channels first; scheduled reports are mailed through it.
      </p>
    );
  }

  return (
    <form onSubmit={form.handleSubmit} noValidate aria-label="Schedule a report">
      <FormError form={form} title="The schedule was not saved" />
      <div className="form-grid">
        <TextField
          label="Name"
          name="schedule-name"
          maxLength={120}
          placeholder="e.g. Weekly plant report"
          {...form.bind('name')}
        />
        <SelectField
          label="Report on"
          name="schedule-scope"
          options={deviceOptions(devices, 'Whole fleet')}
          {...form.bind('scope')}
        />
        <AssetSelect
          label="Asset"
          name="schedule-asset"
          none="Whole plant"
          assets={assets}
          failed={assetsFailed}
          disabled={form.values.scope !== ''}
          hint={
            form.values.scope === ''
              ? 'The fleet report of one asset and everything under it'
              : 'For fleet reports'
          }
          {...form.bind('asset_id')}
        />
        <SelectField label="Covering" name="period_days" options={periods} {...form.bind('period_days')} />
        <SelectField label="Format" name="schedule-format" options={formats} {...form.bind('format')} />
        <SelectField label="How often" name="frequency" options={frequencies} {...form.bind('frequency')} />
        {form.values.frequency === 'weekly' && (
          <SelectField label="On" name="weekday" options={weekdays} {...form.bind('weekday')} />
        )}
        {form.values.frequency === 'monthly' && (
          <SelectField
            label="On day"
            name="day_of_month"
            options={monthDays}
            {...form.bind('day_of_month')}
          />
        )}
        <TextField label="At" name="time" type="time" {...form.bind('time')} />
        <TextField label="Time zone" name="time_zone" maxLength={64} {...form.bind('time_zone')} />
        <SelectField
          label="Mail through"
          name="channel_id"
          options={mailChannels.map((c) => ({ value: String(c.id), label: c.name }))}
          {...form.bind('channel_id')}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={form.submitting}>
          Schedule report
        </Button>
      </div>
    </form>
  );
}
