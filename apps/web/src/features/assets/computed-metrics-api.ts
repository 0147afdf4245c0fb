import {
  computedMetricListSchema,
  computedMetricSchema,
  type ComputedMetric,
  type CreateComputedMetricBody,
} from '@dtwin/contracts/computed-metrics';
import { telemetrySeriesSchema, type TelemetrySeries } from '@dtwin/contracts/telemetry';
import type { HttpClient } from '../../lib/http';

/** What computed metrics belong to: an asset (over its subtree) or a device (over its own metrics). */
export interface ComputedSubject {
  kind: 'asset' | 'device';
  id: string;
}

const base = ({ kind, id }: ComputedSubject) =>
  `/api/${kind === 'asset' ? 'assets' : 'devices'}/${encodeURIComponent(id)}`;

/** The subject's computed metrics, each with its latest value. */
export async function listComputedMetrics(
  http: HttpClient,
  subject: ComputedSubject,
  signal?: AbortSignal,
): Promise<ComputedMetric[]> {
  return (await http.get(`${base(subject)}/metrics`, { schema: computedMetricListSchema, signal })).items;
}

export function createComputedMetric(
  http: HttpClient,
  subject: ComputedSubject,
  body: CreateComputedMetricBody,
): Promise<ComputedMetric> {
  return http.post(`${base(subject)}/metrics`, { body, schema: computedMetricSchema });
}

export async function deleteComputedMetric(
  http: HttpClient,
  subject: ComputedSubject,
  name: string,
): Promise<void> {
  await http.delete(`${base(subject)}/metrics/${encodeURIComponent(name)}`);
}

/**
 * A computed metric's history over [from, to): raw values or buckets, as the server chooses
 * (a device's is its telemetry endpoint, like its measured metrics).
 */
export function getComputedHistory(
  http: HttpClient,
  subject: ComputedSubject,
  query: { metric: string; from: number; to: number },
  signal?: AbortSignal,
): Promise<TelemetrySeries> {
  const params = new URLSearchParams({
    metric: query.metric,
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
  });
  return http.get(`${base(subject)}/telemetry?${params.toString()}`, {
    schema: telemetrySeriesSchema,
    signal,
  });
}
