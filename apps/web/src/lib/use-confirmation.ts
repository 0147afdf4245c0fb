import { useState } from 'react';

/**
 * An action that is asked about first (delete, disable): `ask(target)` opens the question,
 * `dialog` is what a `ConfirmDialog` needs. A failure stays in the dialog, which can be tried again.
 */
export function useConfirmation<T>(run: (target: T) => Promise<void>) {
  const [state, setState] = useState<{ target: T; busy: boolean; error: unknown } | null>(null);

  async function confirm(target: T) {
    setState({ target, busy: true, error: null });
    try {
      await run(target);
      setState(null);
    } catch (error) {
      setState({ target, busy: false, error });
    }
  }

  return {
    /** What the question is about, while it is asked. */
    target: state?.target,
    ask: (target: T) => setState({ target, busy: false, error: null }),
    dialog: {
      busy: state?.busy ?? false,
      error: state?.error ?? null,
      onCancel: () => setState(null),
      onConfirm: () => void (state && confirm(state.target)),
    },
  };
}
