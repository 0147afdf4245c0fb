import {
  createDeviceEventBodySchema,
  deviceEventTypes,
  type CreateDeviceEventBody,
  type DeviceEvent,
} from '@dtwin/contracts/device-events';
import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DateTime } from '../../components/DateTime';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { checkWith } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from './AnalyticsSection';
import { listDeviceEvents, recordDeviceEvent } from './device-events-api';

const LABELS: Record<DeviceEvent['type'], string> = {
  failure: 'Failure',
  repair: 'Repair',
  maintenance: 'Maintenance',
  inspection: 'Inspection',
};

const tone = (type: DeviceEvent['type']) =>
  type === 'failure' ? ('danger' as const) : type === 'repair' ? ('success' as const) : ('neutral' as const);

/** The device's failures, repairs, maintenance and inspections, beside its charts; operators record them. */
export function MaintenanceLogPanel({ deviceId, canRecord }: { deviceId: string; canRecord: boolean }) {
  const http = useHttp();
  const [version, setVersion] = useState(0);
  const [recording, setRecording] = useState(false);
  const events = useQuery(['device-events', deviceId, version], (signal) =>
    listDeviceEvents(http, deviceId, signal),
  );
  return (
    <section className="panel" aria-labelledby="maintenance-log-title">
      <h2 className="panel__title" id="maintenance-log-title">
        Maintenance log
      </h2>
      {canRecord && !recording && <Button onClick={() => setRecording(true)}>Record an event</Button>}
      {recording && (
        <RecordEventForm
          onCancel={() => setRecording(false)}
          onSend={async (body) => {
            await recordDeviceEvent(http, deviceId, body);
            setRecording(false);
            setVersion((v) => v + 1);
          }}
        />
      )}
      <AnalyticsSection what="The maintenance log" query={events}>
        {(items) =>
          items.length === 0 ? (
            <p className="cell--muted">
              No failure, repair, maintenance or inspection recorded. Recorded failures teach the fleet model
              of this device model to predict remaining life.
            </p>
          ) : (
            <ol className="timeline" aria-label="Maintenance events, newest first">
              {items.map((e) => (
                <li key={e.id}>
                  <DateTime value={e.ts} /> <Badge tone={tone(e.type)}>{LABELS[e.type]}</Badge>
                  {e.failure_mode && <> {e.failure_mode}</>}
                  {e.notes && <span className="cell--muted"> — {e.notes}</span>}
                  {e.created_by && <span className="cell--muted"> (by {e.created_by})</span>}
                </li>
              ))}
            </ol>
          )
        }
      </AnalyticsSection>
    </section>
  );
}

interface FormValues {
  type: DeviceEvent['type'];
  ts: string;
  failure_mode: string;
  notes: string;
}

/** A local date-time input value for now ("2026-03-03T14:05"). */
function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function RecordEventForm({
  onSend,
  onCancel,
}: {
  onSend: (body: CreateDeviceEventBody) => Promise<void>;
  onCancel: () => void;
}) {
  const form = useFormFields<FormValues, CreateDeviceEventBody>(
    { type: 'failure', ts: localNow(), failure_mode: '', notes: '' },
    {
      validate: (v) => {
        const at = new Date(v.ts);
        return checkWith(createDeviceEventBodySchema, {
          type: v.type,
          ts: Number.isNaN(at.getTime()) ? v.ts : at.toISOString(),
          ...(v.type === 'failure' && v.failure_mode.trim() ? { failure_mode: v.failure_mode.trim() } : {}),
          ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
        });
      },
      send: onSend,
    },
  );
  return (
    <form onSubmit={form.handleSubmit} noValidate aria-label="Record an event">
      <FormError form={form} />
      <SelectField
        label="What happened"
        options={deviceEventTypes.map((t) => ({ value: t, label: LABELS[t] }))}
        {...form.bind('type')}
      />
      <TextField label="When" type="datetime-local" {...form.bind('ts')} />
      {form.values.type === 'failure' && (
        <TextField label="Failure mode" optional maxLength={64} {...form.bind('failure_mode')} />
      )}
      <TextField label="Notes" optional maxLength={2000} {...form.bind('notes')} />
      <FormActions submitLabel="Record" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
