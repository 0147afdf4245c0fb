import { z } from 'zod';
import { assetIdSchema } from './asset-id';
import { deviceIdSchema } from './devices';
import { metricNameSchema } from './models';

/** Dashboards people assemble themselves: a grid of widgets, a time range and device variables. */

export const GRID_COLUMNS = 12;
export const MAX_WIDGETS = 50;
export const MAX_VARIABLES = 5;
export const MAX_SERIES = 8;
export const MAX_TABLE_DEVICES = 50;
export const MAX_TABLE_METRICS = 10;
export const MAX_MARKDOWN = 10_000;

export const dashboardTimeRanges = ['15m', '1h', '6h', '24h', '7d', '30d'] as const;
export const dashboardTimeRangeSchema = z.enum(dashboardTimeRanges);
export type DashboardTimeRange = z.infer<typeof dashboardTimeRangeSchema>;

const variableNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be lower_snake_case, 1-32 characters');

/** A device id, or `$name` of one of the dashboard's variables (switches with it). */
export const deviceRefSchema = z.union([
  deviceIdSchema,
  z.string().regex(/^\$[a-z][a-z0-9_]{0,31}$/, 'must be a device id or $variable'),
]);
export type DeviceRef = z.infer<typeof deviceRefSchema>;

export const dashboardVariableSchema = z.object({
  name: variableNameSchema,
  label: z.string().trim().min(1).max(60),
  type: z.literal('device'),
  /** The device chosen now; null until somebody picks one. */
  value: deviceIdSchema.nullable(),
});
export type DashboardVariable = z.infer<typeof dashboardVariableSchema>;

const title = z.string().trim().max(120).default('');

/** A device's metric, or an asset's computed metric (`GET /api/assets/{id}/telemetry`). */
export const seriesRefSchema = z.union([
  z.object({ device: deviceRefSchema, metric: metricNameSchema }),
  z.object({ asset: assetIdSchema, metric: metricNameSchema }),
]);
export type SeriesRef = z.infer<typeof seriesRefSchema>;

export const widgetOptionSchemas = {
  timeseries: z.object({
    title,
    series: z.array(seriesRefSchema).min(1).max(MAX_SERIES),
    /** The model's normal and critical bands (of the first series' metric). */
    bands: z.boolean().default(true),
    /** The same stretch one period earlier, drawn dashed. */
    compare_previous: z.boolean().default(false),
  }),
  stat: z.object({
    title,
    device: deviceRefSchema,
    metric: metricNameSchema,
    sparkline: z.boolean().default(true),
  }),
  gauge: z.object({ title, device: deviceRefSchema, metric: metricNameSchema }),
  status_table: z.object({
    title,
    /** None: every device. */
    devices: z.array(deviceRefSchema).max(MAX_TABLE_DEVICES).default([]),
    metrics: z.array(metricNameSchema).min(1).max(MAX_TABLE_METRICS),
  }),
  alert_list: z.object({
    title,
    device: deviceRefSchema.nullable().default(null),
    limit: z.number().int().min(1).max(50).default(10),
  }),
  floor_plan: z.object({ title }),
  /** The hierarchy under `asset` (null: the whole plant), each node with its rolled-up status. */
  asset_tree: z.object({
    title,
    asset: assetIdSchema.nullable().default(null),
    show_devices: z.boolean().default(false),
  }),
  markdown: z.object({ title, text: z.string().max(MAX_MARKDOWN) }),
} as const;

export type WidgetType = keyof typeof widgetOptionSchemas;
export const widgetTypes = Object.keys(widgetOptionSchemas) as WidgetType[];

const layout = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -'),
  x: z
    .number()
    .int()
    .min(0)
    .max(GRID_COLUMNS - 1),
  y: z.number().int().min(0).max(10_000),
  w: z.number().int().min(1).max(GRID_COLUMNS),
  h: z.number().int().min(1).max(40),
};

const widgetOf = <T extends WidgetType>(type: T) =>
  z.object({ ...layout, type: z.literal(type), options: widgetOptionSchemas[type] });

export const widgetSchema = z
  .discriminatedUnion('type', [
    widgetOf('timeseries'),
    widgetOf('stat'),
    widgetOf('gauge'),
    widgetOf('status_table'),
    widgetOf('alert_list'),
    widgetOf('floor_plan'),
    widgetOf('asset_tree'),
    widgetOf('markdown'),
  ])
  .refine((w) => w.x + w.w <= GRID_COLUMNS, {
    message: `must fit in ${GRID_COLUMNS} columns (x + w ≤ ${GRID_COLUMNS})`,
    path: ['w'],
  });
export type Widget = z.infer<typeof widgetSchema>;
export type WidgetOf<T extends WidgetType> = Extract<Widget, { type: T }>;

/** The `$name` references of a widget's options. */
export function variableRefs(widget: Widget): string[] {
  const o = widget.options as Record<string, unknown>;
  const refs: unknown[] = [o.device, ...((o.devices as unknown[]) ?? [])];
  if (widget.type === 'timeseries')
    refs.push(...widget.options.series.map((s) => ('device' in s ? s.device : null)));
  return refs.filter((r): r is string => typeof r === 'string' && r.startsWith('$')).map((r) => r.slice(1));
}

const editable = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  shared: z.boolean().default(false),
  time_range: dashboardTimeRangeSchema.default('1h'),
  variables: z.array(dashboardVariableSchema).max(MAX_VARIABLES).default([]),
  widgets: z.array(widgetSchema).max(MAX_WIDGETS, `at most ${MAX_WIDGETS} widgets`).default([]),
});

/** Ids unique, variable names unique, every `$name` a variable of this dashboard. */
const consistent = <T extends z.infer<typeof editable>>(body: T, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  body.widgets.forEach((w, i) => {
    if (seen.has(w.id))
      ctx.addIssue({ code: 'custom', message: `duplicate widget id ${w.id}`, path: ['widgets', i, 'id'] });
    seen.add(w.id);
    for (const ref of variableRefs(w))
      if (!body.variables.some((v) => v.name === ref))
        ctx.addIssue({ code: 'custom', message: `no variable $${ref}`, path: ['widgets', i, 'options'] });
  });
  const names = body.variables.map((v) => v.name);
  if (new Set(names).size !== names.length)
    ctx.addIssue({ code: 'custom', message: 'variable names must be unique', path: ['variables'] });
};

/** POST body, and what an export file holds (extra keys such as `id` and `owner` are ignored). */
export const createDashboardBodySchema = editable.superRefine(consistent);
export type CreateDashboardBody = z.infer<typeof createDashboardBodySchema>;
/** PUT replaces the whole dashboard. */
export const updateDashboardBodySchema = createDashboardBodySchema;
export type UpdateDashboardBody = CreateDashboardBody;

export const dashboardIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'not a dashboard id');
export const dashboardIdParamsSchema = z.object({ id: dashboardIdSchema });

export const customDashboardSchema = z.object({
  id: dashboardIdSchema,
  name: z.string(),
  /** The username of who made it; owners and admins may change it. */
  owner: z.string(),
  shared: z.boolean(),
  time_range: dashboardTimeRangeSchema,
  variables: z.array(dashboardVariableSchema),
  widgets: z.array(widgetSchema),
});
export type CustomDashboard = z.infer<typeof customDashboardSchema>;

export const dashboardSummarySchema = customDashboardSchema
  .pick({ id: true, name: true, owner: true, shared: true })
  .extend({
    widgets: z.number().int(),
    updated_at: z.iso.datetime(),
  });
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;

export const dashboardListSchema = z.object({
  items: z.array(dashboardSummarySchema),
  total: z.number().int(),
  /** The caller's home dashboard, if they chose one they can still see. */
  home: dashboardIdSchema.nullable(),
});
export type DashboardList = z.infer<typeof dashboardListSchema>;

export const homeDashboardBodySchema = z.object({ dashboard_id: dashboardIdSchema.nullable() });
export type HomeDashboardBody = z.infer<typeof homeDashboardBodySchema>;
export const homeDashboardSchema = z.object({ home: dashboardIdSchema.nullable() });
