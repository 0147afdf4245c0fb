import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { SelectOption } from '../../components/Select';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { assetHref } from '../assets/AssetTree';
import { listComputedMetrics } from '../assets/computed-metrics-api';

/**
 * What a rule scoped to an asset may watch: that asset's computed metrics
 * (`GET /api/assets/{id}/metrics`), as options of the metric picker, with a hint saying why the
 * list is empty when it is. `current` stays an option while the list loads (an edited rule).
 */
export function useAssetMetricOptions(
  assetId: string,
  current: string,
): { options: SelectOption[]; hint: ReactNode } {
  const http = useHttp();
  const metrics = useQuery(['rule-asset-metrics', assetId], async (signal) => ({
    assetId,
    items: assetId ? await listComputedMetrics(http, { kind: 'asset', id: assetId }, signal) : [],
  }));
  // The previous asset's answer is kept while the next loads: only this asset's counts.
  const items = metrics.data?.assetId === assetId ? metrics.data.items : undefined;
  const options: SelectOption[] = (items ?? []).map((m) => ({
    value: m.name,
    label: `${m.name}${m.unit ? ` (${m.unit})` : ''} = ${m.expression}`,
  }));
  if (current && !options.some((o) => o.value === current))
    options.unshift({ value: current, label: current });

  let first = 'Choose a metric';
  let hint: ReactNode = 'One of the computed metrics of the asset; it is evaluated as readings arrive.';
  if (!assetId) {
    first = 'Choose an asset first';
    hint = undefined;
  } else if (metrics.error !== null && !items) {
    first = 'The metrics could not be loaded';
    hint = 'Reload the page to try again.';
  } else if (!items) {
    first = 'Loading the metrics…';
  } else if (items.length === 0) {
    first = 'This asset has no computed metrics';
    hint = (
      <>
        Define one on <Link to={assetHref(assetId)}>the asset&apos;s page</Link> first.
      </>
    );
  }
  return { options: [{ value: '', label: first }, ...options], hint };
}
