import {
  conditionSchema,
  connectivitySchema,
  type Condition,
  type Connectivity,
} from '@dtwin/contracts/devices';

export type DeviceSort = 'id' | 'name' | 'last_seen';

/** The list's filters, as they stand in the URL (so a filtered view can be shared and reloaded). */
export interface DeviceFilterValues {
  q: string;
  model: string;
  site: string;
  zone: string;
  condition: Condition | '';
  connectivity: Connectivity | '';
  sort: DeviceSort;
}

const sorts: readonly DeviceSort[] = ['id', 'name', 'last_seen'];

export function readDeviceFilters(params: URLSearchParams): DeviceFilterValues {
  const sort = params.get('sort') as DeviceSort | null;
  return {
    q: params.get('q') ?? '',
    model: params.get('model') ?? '',
    site: params.get('site') ?? '',
    zone: params.get('zone') ?? '',
    condition: conditionSchema.safeParse(params.get('condition')).data ?? '',
    connectivity: connectivitySchema.safeParse(params.get('connectivity')).data ?? '',
    sort: sort && sorts.includes(sort) ? sort : 'id',
  };
}

/** The filters as API query parameters: empty ones left out. */
export function filterQuery(filters: DeviceFilterValues) {
  return {
    q: filters.q || undefined,
    model: filters.model || undefined,
    site: filters.site || undefined,
    zone: filters.zone || undefined,
    condition: filters.condition || undefined,
    connectivity: filters.connectivity || undefined,
    sort: filters.sort === 'id' ? undefined : filters.sort,
  };
}

export function hasFilters(filters: DeviceFilterValues): boolean {
  return Boolean(
    filters.q || filters.model || filters.site || filters.zone || filters.condition || filters.connectivity,
  );
}
