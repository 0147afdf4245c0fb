import {
  dashboardTimeRanges,
  variableRefs,
  type CreateDashboardBody,
  type CustomDashboard,
  type DashboardTimeRange,
  type Widget,
  type WidgetType,
} from '@dtwin/contracts/dashboards';
import type { Asset } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { useMemo, useState } from 'react';
import type { Layout } from 'react-grid-layout';
import { Link, useNavigate } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Select } from '../../components/Select';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useAuth } from '../auth/auth-context';
import { rangePresets } from '../devices/time-range';
import { DashboardGrid } from './DashboardGrid';
import { DashboardScopeContext, resolveDevice, type DashboardScope } from './dashboard-context';
import { exportDashboard } from './dashboard-file';
import { DashboardLiveContext, useDashboardLive } from './dashboard-live';
import { deleteDashboard, saveDashboard, setHomeDashboard, toExport } from './dashboards-api';
import { defaultSizes } from './widget-labels';
import { WidgetEditor } from './WidgetEditor';

interface DashboardViewProps {
  dashboard: CustomDashboard;
  devices: readonly Device[];
  assets: readonly Asset[];
  models: ReadonlyMap<string, DeviceModel>;
  home: boolean;
  startEditing: boolean;
  onSaved: (dashboard: CustomDashboard) => void;
  onHome: (home: boolean) => void;
}

type EditorState = { id: string | null; type: WidgetType; options: Record<string, unknown> } | null;

/** One dashboard: its variables and time range, its grid; owners and admins edit it in place. */
export function DashboardView({
  dashboard,
  devices,
  assets,
  models,
  home,
  startEditing,
  onSaved,
  onHome,
}: DashboardViewProps) {
  const http = useHttp();
  const navigate = useNavigate();
  const { session } = useAuth();
  const user = session.status === 'authenticated' ? session.user : null;
  const canEdit = user !== null && (user.role === 'admin' || user.username === dashboard.owner);

  const [draft, setDraft] = useState<CreateDashboardBody | null>(() =>
    startEditing && canEdit ? toExport(dashboard) : null,
  );
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [timeRange, setTimeRange] = useState<DashboardTimeRange | null>(null);
  const [zoom, setZoom] = useState<{ from: number; to: number } | null>(null);
  const [editor, setEditor] = useState<EditorState>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const epoch = useResyncEpoch();

  const shown = draft ?? toExport(dashboard);
  // A viewer switching the device changes only their screen; in edit mode it is saved with the rest.
  const variables = shown.variables.map((v) => ({ ...v, value: picked[v.name] ?? v.value }));
  const range = draft ? draft.time_range : (timeRange ?? dashboard.time_range);

  const liveIds = useMemo(() => {
    const ids = shown.widgets.flatMap((w) => {
      const o = w.options as Record<string, unknown>;
      const refs = [o.device, ...((o.devices as unknown[]) ?? [])].filter(
        (r): r is string => typeof r === 'string',
      );
      if (w.type === 'timeseries')
        refs.push(...w.options.series.flatMap((s) => ('device' in s ? [s.device] : [])));
      if (w.type === 'status_table' && w.options.devices.length === 0) refs.push(...devices.map((d) => d.id));
      return refs.map((r) => resolveDevice(r, variables));
    });
    return ids.filter((id): id is string => id !== null);
  }, [shown.widgets, variables, devices]);
  const lives = useDashboardLive(liveIds);

  const scope: DashboardScope = {
    devices,
    assets,
    models,
    variables,
    timeRange: range,
    zoom,
    setZoom,
    epoch,
  };

  const change = (patch: Partial<CreateDashboardBody>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  function applyLayout(layout: Layout) {
    if (!draft) return;
    const at = new Map(layout.map((l) => [l.i, l]));
    const widgets = draft.widgets.map((w) => {
      const l = at.get(w.id);
      return l ? { ...w, x: l.x, y: l.y, w: l.w, h: l.h } : w;
    });
    if (
      widgets.some((w, i) => w !== draft.widgets[i] && JSON.stringify(w) !== JSON.stringify(draft.widgets[i]))
    )
      change({ widgets });
  }
  function saveWidget(type: WidgetType, options: Widget['options']) {
    if (!draft || !editor) return;
    if (editor.id) {
      change({
        widgets: draft.widgets.map((w) => (w.id === editor.id ? ({ ...w, type, options } as Widget) : w)),
      });
    } else {
      const bottom = Math.max(0, ...draft.widgets.map((w) => w.y + w.h));
      const id = `w${Date.now().toString(36)}${draft.widgets.length}`;
      change({
        widgets: [...draft.widgets, { id, x: 0, y: bottom, ...defaultSizes[type], type, options } as Widget],
      });
    }
    setEditor(null);
  }
  function addVariable() {
    if (!draft) return;
    const name = ['device', 'device_2', 'device_3', 'device_4', 'device_5'].find(
      (n) => !draft.variables.some((v) => v.name === n),
    );
    if (!name) return;
    change({
      variables: [
        ...draft.variables,
        { name, label: 'Device', type: 'device', value: devices[0]?.id ?? null },
      ],
    });
  }

  async function run(action: () => Promise<void>) {
    setSaving(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }
  const save = () =>
    run(async () => {
      if (!draft) return;
      const saved = await saveDashboard(http, dashboard.id, { ...draft, variables });
      setPicked({});
      setDraft(null);
      onSaved(saved);
    });
  const remove = () =>
    run(async () => {
      if (!window.confirm(`Delete the dashboard “${dashboard.name}”?`)) return;
      await deleteDashboard(http, dashboard.id);
      await navigate('/dashboards');
    });
  const toggleHome = () =>
    run(async () => onHome((await setHomeDashboard(http, home ? null : dashboard.id)) !== null));
  const unusedVariables = draft
    ? draft.variables.filter((v) => !draft.widgets.some((w) => variableRefs(w).includes(v.name)))
    : [];

  return (
    <DashboardScopeContext value={scope}>
      <DashboardLiveContext value={lives}>
        <div className="dashboard-head">
          {draft ? (
            <input
              className="input dashboard-head__name"
              aria-label="Dashboard name"
              maxLength={120}
              value={draft.name}
              onChange={(e) => change({ name: e.target.value })}
            />
          ) : (
            <h1 className="page-header__title dashboard-head__title" title={dashboard.name}>
              {dashboard.name}
            </h1>
          )}
          <Link to="/dashboards?all" className="dashboard-head__back">
            All dashboards
          </Link>
          <span className="dashboard-head__meta">
            by {dashboard.owner} {dashboard.shared && <Badge tone="neutral">Shared</Badge>}{' '}
            {home && <Badge tone="info">Home</Badge>}
          </span>
          <div className="dashboard-head__actions">
            {draft ? (
              <>
                <Button onClick={() => setEditor({ id: null, type: 'timeseries', options: {} })}>
                  Add widget
                </Button>
                <Button onClick={addVariable} disabled={draft.variables.length >= 5}>
                  Add device variable
                </Button>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={draft.shared}
                    onChange={(e) => change({ shared: e.target.checked })}
                  />
                  Shared with everyone
                </label>
                <Button variant="danger" onClick={() => void remove()} disabled={saving}>
                  Delete
                </Button>
                <Button onClick={() => setDraft(null)} disabled={saving}>
                  Cancel
                </Button>
                <Button variant="primary" busy={saving} onClick={() => void save()}>
                  Save
                </Button>
              </>
            ) : (
              <>
                <Button onClick={() => void toggleHome()} disabled={saving}>
                  {home ? 'Unset home' : 'Set as home'}
                </Button>
                <Button onClick={() => exportDashboard(dashboard)}>Export</Button>
                {canEdit && (
                  <Button variant="primary" onClick={() => setDraft(toExport(dashboard))}>
                    Edit
                  </Button>
                )}
              </>
            )}
          </div>
        </div>
        {error !== null && <ErrorBanner title="That did not work" error={error} />}
        <div className="toolbar dashboard-toolbar">
          {variables.map((v) => (
            <label key={v.name} className="dashboard-toolbar__field">
              <span>{v.label}</span>
              <Select
                aria-label={v.label}
                compact
                value={v.value ?? ''}
                options={[
                  { value: '', label: 'Choose a device' },
                  ...devices.map((d) => ({ value: d.id, label: d.name })),
                ]}
                onChange={(e) => setPicked((p) => ({ ...p, [v.name]: e.target.value }))}
              />
              {draft && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove the variable ${v.label} ($${v.name})`}
                  title={
                    draft.widgets.some((w) => variableRefs(w).includes(v.name))
                      ? 'Widgets use it: point them at a device first'
                      : undefined
                  }
                  disabled={draft.widgets.some((w) => variableRefs(w).includes(v.name))}
                  onClick={() => change({ variables: draft.variables.filter((x) => x.name !== v.name) })}
                >
                  ×
                </Button>
              )}
            </label>
          ))}
          <label className="dashboard-toolbar__field">
            <span>Time range</span>
            <Select
              aria-label="Time range"
              compact
              value={range}
              options={dashboardTimeRanges.map((k) => ({
                value: k,
                label: `Last ${rangePresets.find((p) => p.key === k)?.label ?? k}`,
              }))}
              onChange={(e) => {
                setZoom(null);
                const next = e.target.value as DashboardTimeRange;
                if (draft) change({ time_range: next });
                else setTimeRange(next);
              }}
            />
          </label>
          {zoom && (
            <span className="dashboard-toolbar__zoom" role="status">
              Zoomed to {new Date(zoom.from).toLocaleString()} – {new Date(zoom.to).toLocaleTimeString()}
              <Button size="sm" onClick={() => setZoom(null)}>
                Reset zoom
              </Button>
            </span>
          )}
          {draft && unusedVariables.length > 0 && (
            <span className="dashboard-toolbar__hint">
              Use a variable by choosing “{unusedVariables[0]?.label} (variable)” as a widget’s device.
            </span>
          )}
        </div>
        {shown.widgets.length === 0 ? (
          <p className="dash-empty">
            {draft
              ? 'No widgets yet: “Add widget” puts the first one here.'
              : 'This dashboard has no widgets yet.'}
          </p>
        ) : (
          <DashboardGrid
            widgets={shown.widgets}
            editing={draft !== null}
            onLayout={applyLayout}
            onEdit={(id) => {
              const w = draft?.widgets.find((x) => x.id === id);
              if (w) setEditor({ id, type: w.type, options: w.options as Record<string, unknown> });
            }}
            onRemove={(id) => change({ widgets: draft?.widgets.filter((w) => w.id !== id) ?? [] })}
          />
        )}
        {editor && (
          <WidgetEditor
            initial={editor}
            devices={devices}
            assets={assets}
            models={models}
            variables={variables}
            onSave={saveWidget}
            onClose={() => setEditor(null)}
          />
        )}
      </DashboardLiveContext>
    </DashboardScopeContext>
  );
}
