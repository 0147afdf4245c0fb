import type { Asset } from '@dtwin/contracts/assets';
import type { ComponentProps } from 'react';
import { SelectField } from '../../components/SelectField';
import { useHttp } from '../../lib/http-context';
import { useQuery, type QueryState } from '../../lib/use-query';
import { assetOptions } from './asset-forest';
import { listAssets } from './assets-api';

/** Every asset, for pickers and filters (a plant has hundreds at most). */
export function useAssets(epoch = 0): QueryState<Asset[]> {
  const http = useHttp();
  return useQuery(['assets', epoch], (signal) => listAssets(http, {}, signal));
}

type AssetSelectProps = Omit<ComponentProps<typeof SelectField>, 'options'> & {
  assets: readonly Asset[] | undefined;
  /** The first option, whose value is '' ("Whole plant", "No asset"). */
  none: string;
  /** The list could not be loaded: said under the picker. */
  failed?: boolean;
};

/**
 * A picker of one asset, the hierarchy shown by indentation; choosing one means "it and everything
 * under it" wherever it filters.
 */
export function AssetSelect({ assets, none, failed = false, ...select }: AssetSelectProps) {
  return (
    <SelectField
      {...select}
      error={failed ? 'The assets could not be loaded; reload the page to try again.' : select.error}
      options={assetOptions(assets ?? [], {
        value: '',
        label: assets || failed ? none : 'Loading the assets…',
      })}
    />
  );
}
