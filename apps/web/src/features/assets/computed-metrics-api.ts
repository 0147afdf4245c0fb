import {
  computedMetricListSchema,
  computedMetricSchema,
  type ComputedMetric,
  type CreateComputedMetricBody,
} from '@dtwin/contracts/computed-metrics';
import { telemetrySeriesSchema, type TelemetrySeries } from '@dtwin/contracts/telemetry';
import type { HttpClient } from '../../lib/http';

const base = (assetId: string) => `/api/assets/${encodeURIComponent(assetId)}`;

/** The asset's computed metrics, each with its latest value. */
export async function listComputedMetrics(
  http: HttpClient,
  assetId: string,
  signal?: AbortSignal,
): Promise<ComputedMetric[]> {
  return (await http.get(`${base(assetId)}/metrics`, { schema: computedMetricListSchema, signal })).items;
}

export function createComputedMetric(
  http: HttpClient,
  assetId: string,
  body: CreateComputedMetricBody,
): Promise<ComputedMetric> {
  return http.post(`${base(assetId)}/metrics`, { body, schema: computedMetricSchema });
}

export async function deleteComputedMetric(http: HttpClient, assetId: string, name: string): Promise<void> {
  await http.delete(`${base(assetId)}/metrics/${encodeURIComponent(name)}`);
}

/** A computed metric's history over [from, to): raw values or buckets, as the server chooses. */
export function getComputedHistory(
  http: HttpClient,
  assetId: string,
  query: { metric: string; from: number; to: number },
  signal?: AbortSignal,
): Promise<TelemetrySeries> {
  const params = new URLSearchParams({
    metric: query.metric,
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
  });
  return http.get(`${base(assetId)}/telemetry?${params.toString()}`, {
    schema: telemetrySeriesSchema,
    signal,
  });
}
