import {
  computedMetricLimits,
  createComputedMetricBodySchema,
  type ComputedMetric,
  type CreateComputedMetricBody,
} from '@dtwin/contracts/computed-metrics';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { Select } from '../../components/Select';
import { TextField } from '../../components/TextField';
import { formatValue } from '../../components/charts/format-value';
import { checkWith } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useConfirmation } from '../../lib/use-confirmation';
import { useFormFields } from '../../lib/use-form-fields';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from '../devices/AnalyticsSection';
import { rangePresets } from '../devices/time-range';
import { newestValue, useComputedLive, useLatestComputed } from './computed-live';
import { ComputedMetricChart } from './ComputedMetricChart';
import {
  createComputedMetric,
  deleteComputedMetric,
  listComputedMetrics,
  type ComputedSubject,
} from './computed-metrics-api';
import './ComputedMetricsPanel.css';

const spans = rangePresets.filter((p) => p.key !== '15m');

/** What the panel tells of expressions, by kind of subject. */
const guide = {
  asset: {
    empty: (
      <>
        A computed metric combines the metrics of this asset&apos;s subtree, e.g.{' '}
        <code>sum(devices.power)</code> or <code>mean(children.flow)</code>.
      </>
    ),
    hint: (
      <>
        e.g. <code>sum(devices.power)</code>, <code>mean(children.flow)</code>,{' '}
        <code>total_power / total_flow</code>; functions sum, mean, min, max, count, abs, sqrt, round, floor,
        ceil, pow, log, exp
      </>
    ),
    namePlaceholder: 'total_power',
  },
  device: {
    empty: (
      <>
        A computed metric combines this device&apos;s own metrics, e.g. <code>power / flow</code> or{' '}
        <code>max(vibration, 0)</code>.
      </>
    ),
    hint: (
      <>
        the device&apos;s metrics by name, e.g. <code>power / flow</code>,{' '}
        <code>bearing_temperature - 20</code>, <code>max(vibration, 0)</code>; functions min, max, abs, sqrt,
        round, floor, ceil, pow, log, exp
      </>
    ),
    namePlaceholder: 'specific_energy',
  },
} as const;

/**
 * The computed metrics of an asset or a device: latest value and chart of each, both kept current
 * live from the subject's room (fetched again after a reconnection); admins add and delete them.
 */
export function ComputedMetricsPanel({ subject, canEdit }: { subject: ComputedSubject; canEdit: boolean }) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const live = useComputedLive(subject);
  const latest = useLatestComputed(live);
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [spanMs, setSpanMs] = useState<number>(3_600_000);
  const reloadKey = version + epoch;
  const metrics = useQuery(['computed-metrics', subject.kind, subject.id, reloadKey], (signal) =>
    listComputedMetrics(http, subject, signal),
  );
  const removing = useConfirmation(async (m: ComputedMetric) => {
    await deleteComputedMetric(http, subject, m.name);
    setVersion((v) => v + 1);
  });

  return (
    <section className="panel computed-metrics" aria-labelledby="computed-metrics-title">
      <div className="computed-metrics__head">
        <h2 className="panel__title" id="computed-metrics-title">
          Computed metrics
        </h2>
        <label className="computed-metrics__span">
          <span>Range</span>
          <Select
            aria-label="Chart range"
            value={String(spanMs)}
            options={spans.map((p) => ({ value: String(p.ms), label: p.label }))}
            onChange={(e) => setSpanMs(Number(e.target.value))}
          />
        </label>
        {canEdit && !adding && (
          <Button variant="primary" onClick={() => setAdding(true)}>
            Add a metric
          </Button>
        )}
      </div>
      {adding && (
        <AddMetricForm
          kind={subject.kind}
          onCancel={() => setAdding(false)}
          onSend={async (body) => {
            await createComputedMetric(http, subject, body);
            setAdding(false);
            setVersion((v) => v + 1);
          }}
        />
      )}
      <AnalyticsSection what="Computed metrics" query={metrics}>
        {(items) =>
          items.length === 0 ? (
            <p className="cell--muted">No computed metrics. {guide[subject.kind].empty}</p>
          ) : (
            <ul className="computed-metrics__list">
              {items.map((m) => {
                const value = newestValue(m, latest[m.name]);
                return (
                  <li key={m.name} className="computed-metrics__item" aria-label={m.name}>
                    <div className="computed-metrics__summary">
                      <strong>{m.name}</strong>
                      <span className="computed-metrics__value" data-testid={`value-${m.name}`}>
                        {value === null ? 'no value yet' : formatValue(value, m.unit)}
                      </span>
                      <code className="computed-metrics__expression">{m.expression}</code>
                      {canEdit && (
                        <Button
                          variant="ghost"
                          onClick={() => removing.ask(m)}
                          aria-label={`Delete ${m.name}`}
                        >
                          Delete
                        </Button>
                      )}
                    </div>
                    <ComputedMetricChart
                      subject={subject}
                      metric={m}
                      spanMs={spanMs}
                      reloadKey={reloadKey}
                      live={live}
                    />
                  </li>
                );
              })}
            </ul>
          )
        }
      </AnalyticsSection>
      {removing.target && (
        <ConfirmDialog
          title={`Delete ${removing.target.name}?`}
          confirmLabel="Delete metric"
          {...removing.dialog}
        >
          <p>Its history is deleted with it, and alert rules on it stop firing.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface FormValues {
  name: string;
  unit: string;
  expression: string;
}

function AddMetricForm({
  kind,
  onSend,
  onCancel,
}: {
  kind: ComputedSubject['kind'];
  onSend: (body: CreateComputedMetricBody) => Promise<void>;
  onCancel: () => void;
}) {
  const form = useFormFields<FormValues, CreateComputedMetricBody>(
    { name: '', unit: '', expression: '' },
    {
      validate: (v) =>
        checkWith(createComputedMetricBodySchema, {
          name: v.name.trim(),
          unit: v.unit.trim(),
          expression: v.expression.trim(),
        }),
      send: onSend,
    },
  );
  return (
    <form
      onSubmit={form.handleSubmit}
      noValidate
      aria-label="Add a computed metric"
      className="computed-metrics__form"
    >
      <FormError form={form} title="The metric was not added" fields={['name', 'unit', 'expression']} />
      <TextField
        label="Name"
        hint={`lower_snake_case, e.g. ${guide[kind].namePlaceholder}`}
        maxLength={64}
        {...form.bind('name')}
      />
      <TextField label="Unit" optional maxLength={computedMetricLimits.unitLength} {...form.bind('unit')} />
      <TextField
        label="Expression"
        hint={guide[kind].hint}
        maxLength={computedMetricLimits.expressionLength}
        spellCheck={false}
        {...form.bind('expression')}
      />
      <FormActions submitLabel="Add metric" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
