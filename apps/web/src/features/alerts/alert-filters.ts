import { alertStates, severities, type AlertState, type Severity } from '@dtwin/contracts/alerts';
import { openStates } from './alert-labels';

/** `open` is a shorthand for every open state; otherwise one state, or empty for any. */
export type StateFilter = AlertState | 'open' | '';

export interface AlertFilterValues {
  state: StateFilter;
  severity: Severity | '';
  device: string;
}

/** The filters as they are in the URL; anything unknown is ignored. */
export function readAlertFilters(params: URLSearchParams): AlertFilterValues {
  const state = params.get('state') ?? '';
  const severity = params.get('severity') ?? '';
  return {
    state:
      state === 'open' || (alertStates as readonly string[]).includes(state) ? (state as StateFilter) : '',
    severity: (severities as readonly string[]).includes(severity) ? (severity as Severity) : '',
    device: params.get('device') ?? '',
  };
}

export function statesOf(state: StateFilter): readonly AlertState[] | undefined {
  if (state === '') return undefined;
  return state === 'open' ? openStates : [state];
}

/** Whether a live alert belongs in a list filtered like this. */
export function matchesFilters(
  alert: { state: AlertState; severity: Severity; device_id: string; group_id: string | null },
  filters: AlertFilterValues,
  groupId: string,
): boolean {
  const states = statesOf(filters.state);
  if (states && !states.includes(alert.state)) return false;
  if (filters.severity && alert.severity !== filters.severity) return false;
  if (filters.device && alert.device_id !== filters.device) return false;
  if (groupId && alert.group_id !== groupId) return false;
  return true;
}
