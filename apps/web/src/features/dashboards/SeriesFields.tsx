import type { Asset } from '@dtwin/contracts/assets';
import { MAX_SERIES, type SeriesRef } from '@dtwin/contracts/dashboards';
import { Button } from '../../components/Button';
import { Select, type SelectOption } from '../../components/Select';
import { assetOptions } from '../assets/asset-forest';

/** A series' source in the picker: a device id, `$variable`, or `asset:{id}`. */
const ASSET = 'asset:';
const sourceOf = (s: SeriesRef) => ('device' in s ? s.device : `${ASSET}${s.asset}`);

interface SeriesFieldsProps {
  series: readonly SeriesRef[];
  onChange: (series: SeriesRef[]) => void;
  /** Variables and devices, as the other widgets offer them. */
  deviceOptions: readonly SelectOption[];
  assets: readonly Asset[];
  metricsOf: (deviceRef: string) => SelectOption[];
  /** What a new series starts with. */
  fresh: () => SeriesRef;
}

/**
 * The lines of a time series: each a device's metric, or an asset's computed metric (typed by
 * name, as shown on the asset's page), up to `MAX_SERIES`.
 */
export function SeriesFields({
  series,
  onChange,
  deviceOptions,
  assets,
  metricsOf,
  fresh,
}: SeriesFieldsProps) {
  const sources = [
    ...deviceOptions,
    ...assetOptions(assets, null).map((o) => ({
      value: `${ASSET}${o.value}`,
      label: `Asset: ${o.label.trim()}`,
    })),
  ];
  const replace = (i: number, next: SeriesRef) => onChange(series.map((x, j) => (j === i ? next : x)));

  function changeSource(i: number, source: string, old: SeriesRef) {
    if (source.startsWith(ASSET))
      replace(i, { asset: source.slice(ASSET.length), metric: 'asset' in old ? old.metric : '' });
    else {
      const keep = 'device' in old && metricsOf(source).some((m) => m.value === old.metric);
      replace(i, { device: source, metric: keep ? old.metric : (metricsOf(source)[0]?.value ?? '') });
    }
  }

  return (
    <>
      {series.map((s, i) => (
        <div key={i} className="widget-editor__row">
          <Select
            aria-label={`Device of series ${i + 1}`}
            value={sourceOf(s)}
            options={sources}
            onChange={(e) => changeSource(i, e.target.value, s)}
          />
          {'device' in s ? (
            <Select
              aria-label={`Metric of series ${i + 1}`}
              value={s.metric}
              options={metricsOf(s.device)}
              onChange={(e) => replace(i, { device: s.device, metric: e.target.value })}
            />
          ) : (
            <input
              className="input"
              aria-label={`Computed metric of series ${i + 1}`}
              placeholder="Computed metric, e.g. total_power"
              maxLength={64}
              spellCheck={false}
              value={s.metric}
              onChange={(e) => replace(i, { asset: s.asset, metric: e.target.value.trim() })}
            />
          )}
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Remove series ${i + 1}`}
            disabled={series.length === 1}
            onClick={() => onChange(series.filter((_, j) => j !== i))}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button size="sm" disabled={series.length >= MAX_SERIES} onClick={() => onChange([...series, fresh()])}>
        Add a series
      </Button>
    </>
  );
}
