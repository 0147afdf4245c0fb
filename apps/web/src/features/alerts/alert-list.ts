import type { Alert, AlertList } from '@dtwin/contracts/alerts';

/**
 * Folds a live alert into the page being shown: a row already there is replaced (even if it no
 * longer matches the filters, so rows do not vanish under the pointer); a new matching alert is
 * prepended on the first page only, which is the page sorted newest first.
 */
export function mergeAlert(
  list: AlertList,
  alert: Alert,
  { matches, firstPage, pageSize }: { matches: boolean; firstPage: boolean; pageSize: number },
): AlertList {
  if (list.items.some((a) => a.id === alert.id)) {
    return { ...list, items: list.items.map((a) => (a.id === alert.id ? alert : a)) };
  }
  if (!matches || !firstPage) return list;
  return { ...list, items: [alert, ...list.items].slice(0, pageSize), total: list.total + 1 };
}

/** Replaces one alert with the version a request returned. */
export function replaceAlert(list: AlertList, alert: Alert): AlertList {
  return { ...list, items: list.items.map((a) => (a.id === alert.id ? alert : a)) };
}
