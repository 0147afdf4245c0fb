/** 1-based page number from `?page=`; anything odd means the first page. */
export function readPage(params: URLSearchParams): number {
  const page = Number(params.get('page'));
  return Number.isInteger(page) && page > 1 ? page : 1;
}

export type ParamChanges<C> = { readonly [K in keyof C]: string | number | null | undefined };

/** A copy of `params` with `changes` applied; empty values are dropped so URLs stay short. */
export function withParams<C extends ParamChanges<C>>(params: URLSearchParams, changes: C): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries<string | number | null | undefined>(changes)) {
    if (value === null || value === undefined || value === '' || (key === 'page' && value === 1))
      next.delete(key);
    else next.set(key, String(value));
  }
  return next;
}
