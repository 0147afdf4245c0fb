import type { Asset } from '@dtwin/contracts/assets';
import {
  widgetOptionSchemas,
  type SeriesRef,
  widgetTypes,
  type DashboardVariable,
  type Widget,
  type WidgetType,
} from '@dtwin/contracts/dashboards';
import type { Device } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { assetOptions } from '../assets/asset-forest';
import { resolveDevice } from './dashboard-context';
import { SeriesFields } from './SeriesFields';
import { widgetTypeLabels } from './widget-labels';

type Options = Record<string, unknown>;

interface WidgetEditorProps {
  /** The widget to change; a new one when it has no options yet. */
  initial: { type: WidgetType; options: Options };
  devices: readonly Device[];
  assets: readonly Asset[];
  models: ReadonlyMap<string, DeviceModel>;
  variables: readonly DashboardVariable[];
  onSave: (type: WidgetType, options: Widget['options']) => void;
  onClose: () => void;
}

/** Adds or changes one widget: its type, title and what it shows. */
export function WidgetEditor({
  initial,
  devices,
  assets,
  models,
  variables,
  onSave,
  onClose,
}: WidgetEditorProps) {
  const firstDevice = variables[0] ? `$${variables[0].name}` : (devices[0]?.id ?? '');
  const deviceOptions = [
    ...variables.map((v) => ({ value: `$${v.name}`, label: `${v.label} (variable $${v.name})` })),
    ...devices.map((d) => ({ value: d.id, label: `${d.name} (${d.id})` })),
  ];
  const metricsOf = (ref: string) => {
    const id = resolveDevice(ref || null, variables);
    const device = devices.find((d) => d.id === id);
    const own = device ? models.get(device.model)?.metrics : undefined;
    const all = own ?? [...models.values()].flatMap((m) => m.metrics);
    return [
      ...new Map(
        all.map((m) => [m.name, { value: m.name, label: `${m.label} (${m.unit || m.name})` }]),
      ).values(),
    ];
  };
  const allMetrics = metricsOf('');
  const firstMetric = (ref: string) => metricsOf(ref)[0]?.value ?? '';

  function defaultsFor(next: WidgetType, title: string): Options {
    const device = firstDevice;
    const defaults: Record<WidgetType, Options> = {
      timeseries: {
        title,
        series: [{ device, metric: firstMetric(device) }],
        bands: true,
        compare_previous: false,
      },
      stat: { title, device, metric: firstMetric(device), sparkline: true },
      gauge: { title, device, metric: firstMetric(device) },
      status_table: { title, devices: [], metrics: allMetrics.slice(0, 3).map((m) => m.value) },
      alert_list: { title, device: null, limit: 10 },
      floor_plan: { title },
      asset_tree: { title, asset: null, show_devices: false },
      markdown: { title, text: '' },
    };
    return defaults[next];
  }

  const formId = useId();
  const isNew = Object.keys(initial.options).length === 0;
  const [type, setType] = useState<WidgetType>(initial.type);
  const [options, setOptions] = useState<Options>(() =>
    isNew ? defaultsFor(initial.type, '') : initial.options,
  );
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Options) => setOptions((o) => ({ ...o, ...patch }));

  function changeType(next: WidgetType) {
    setType(next);
    setOptions(defaultsFor(next, typeof options.title === 'string' ? options.title : ''));
  }

  const series = (options.series as SeriesRef[] | undefined) ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    // A union's own message ("Invalid input") would not say which line or what is missing.
    const unnamed = type === 'timeseries' ? series.findIndex((s) => 'asset' in s && !s.metric) : -1;
    if (unnamed >= 0) {
      setError(`Series ${unnamed + 1}: enter the name of the asset's computed metric.`);
      return;
    }
    const parsed = widgetOptionSchemas[type].safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(`${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'is invalid'}`);
      return;
    }
    onSave(type, parsed.data as Widget['options']);
  }

  const deviceRef = (options.device as string | null | undefined) ?? '';

  return (
    <Dialog title={isNew ? 'Add a widget' : 'Change the widget'} onClose={onClose}>
      <form className="widget-editor" aria-label="Widget" onSubmit={submit}>
        <SelectField
          label="Widget type"
          value={type}
          options={widgetTypes.map((t) => ({ value: t, label: widgetTypeLabels[t] }))}
          onChange={(e) => changeType(e.target.value as WidgetType)}
        />
        <TextField
          label="Title"
          optional
          maxLength={120}
          value={(options.title as string | undefined) ?? ''}
          onChange={(e) => set({ title: e.target.value })}
        />

        {type === 'timeseries' && (
          <fieldset className="widget-editor__series">
            <legend>Series</legend>
            <SeriesFields
              series={series}
              onChange={(next) => set({ series: next })}
              deviceOptions={deviceOptions}
              assets={assets}
              metricsOf={metricsOf}
              fresh={() => {
                const last = series[series.length - 1];
                const metric = last && 'device' in last ? last.metric : firstMetric(firstDevice);
                return { device: firstDevice, metric };
              }}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={options.bands !== false}
                onChange={(e) => set({ bands: e.target.checked })}
              />
              Show the normal and critical bands
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={options.compare_previous === true}
                onChange={(e) => set({ compare_previous: e.target.checked })}
              />
              Compare with the previous period
            </label>
          </fieldset>
        )}

        {(type === 'stat' || type === 'gauge') && (
          <>
            <SelectField
              label="Device"
              value={deviceRef}
              options={deviceOptions}
              onChange={(e) => set({ device: e.target.value, metric: firstMetric(e.target.value) })}
            />
            <SelectField
              label="Metric"
              value={(options.metric as string | undefined) ?? ''}
              options={metricsOf(deviceRef)}
              onChange={(e) => set({ metric: e.target.value })}
            />
          </>
        )}

        {type === 'status_table' && (
          <>
            <fieldset className="widget-editor__checks">
              <legend>Devices (none chosen: every device)</legend>
              {deviceOptions.map((d) => (
                <CheckItem
                  key={d.value}
                  label={d.label}
                  list={options.devices as string[]}
                  value={d.value}
                  onChange={(devices) => set({ devices })}
                />
              ))}
            </fieldset>
            <fieldset className="widget-editor__checks">
              <legend>Metrics</legend>
              {allMetrics.map((m) => (
                <CheckItem
                  key={m.value}
                  label={m.label}
                  list={options.metrics as string[]}
                  value={m.value}
                  onChange={(metrics) => set({ metrics })}
                />
              ))}
            </fieldset>
          </>
        )}

        {type === 'alert_list' && (
          <SelectField
            label="Device"
            value={deviceRef}
            options={[{ value: '', label: 'Every device' }, ...deviceOptions]}
            onChange={(e) => set({ device: e.target.value || null })}
          />
        )}

        {type === 'asset_tree' && (
          <>
            <SelectField
              label="Asset"
              value={(options.asset as string | null | undefined) ?? ''}
              options={assetOptions(assets, { value: '', label: 'Whole plant' })}
              onChange={(e) => set({ asset: e.target.value || null })}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={options.show_devices === true}
                onChange={(e) => set({ show_devices: e.target.checked })}
              />
              List each asset’s devices
            </label>
          </>
        )}

        {type === 'markdown' && (
          <div className="field">
            <label className="field__label" htmlFor={`${formId}-text`}>
              Text
            </label>
            <textarea
              id={`${formId}-text`}
              className="input widget-editor__text"
              rows={8}
              maxLength={10_000}
              aria-describedby={`${formId}-text-hint`}
              value={(options.text as string | undefined) ?? ''}
              onChange={(e) => set({ text: e.target.value })}
            />
            <p className="field__hint" id={`${formId}-text-hint`}>
              Headings (#), lists (-), **bold**, *italic*, `code` and [links](https://…). No HTML.
            </p>
          </div>
        )}

        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
        <FormActions submitLabel="Apply" submitting={false} onCancel={onClose} inDialog />
      </form>
    </Dialog>
  );
}

function CheckItem({
  label,
  list,
  value,
  onChange,
}: {
  label: string;
  list: string[];
  value: string;
  onChange: (list: string[]) => void;
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={list.includes(value)}
        onChange={(e) => onChange(e.target.checked ? [...list, value] : list.filter((x) => x !== value))}
      />
      {label}
    </label>
  );
}
