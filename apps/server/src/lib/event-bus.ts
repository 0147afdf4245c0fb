/**
 * A typed in-process event bus. Services emit after their write has committed; subscribers in
 * other modules react (twin updates, sockets, analytics). A failing subscriber is logged and
 * never breaks the emitter or the other subscribers.
 */
export function createEventBus<Events extends Record<string, unknown>>(
  onError: (event: string, err: unknown) => void,
) {
  const handlers = new Map<keyof Events, Array<(payload: never) => void | Promise<void>>>();
  return {
    /**
     * Handlers run in the order they subscribed, each awaited before the next; `first` puts this
     * one before the others (for a quick, synchronous handler that must not wait behind slow
     * ones, like the live push of stored readings).
     */
    on<K extends keyof Events>(
      event: K,
      handler: (payload: Events[K]) => void | Promise<void>,
      options: { first?: boolean } = {},
    ): () => void {
      const list = handlers.get(event) ?? [];
      if (options.first) list.unshift(handler as (payload: never) => void);
      else list.push(handler as (payload: never) => void);
      handlers.set(event, list);
      return () =>
        handlers.set(
          event,
          (handlers.get(event) ?? []).filter((h) => h !== handler),
        );
    },
    /** Resolves once every handler has run; errors are reported, not thrown. */
    async emit<K extends keyof Events>(event: K, payload: Events[K]): Promise<void> {
      for (const handler of handlers.get(event) ?? []) {
        try {
          await (handler as (payload: Events[K]) => void | Promise<void>)(payload);
        } catch (err) {
          onError(String(event), err);
        }
      }
    },
  };
}

export type EventBus<Events extends Record<string, unknown>> = ReturnType<typeof createEventBus<Events>>;
