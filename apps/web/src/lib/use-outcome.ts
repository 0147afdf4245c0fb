import { useState } from 'react';

/** What a page's last action came to: a success in words, or a failure with its error. */
export type Outcome = { tone: 'success'; text: string } | { tone: 'error'; title: string; error: unknown };

/** The outcome of a page's last action, shown until dismissed; a new one replaces it. */
export function useOutcome() {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return {
    outcome,
    succeeded: (text: string) => setOutcome({ tone: 'success', text }),
    failed: (title: string, error: unknown) => setOutcome({ tone: 'error', title, error }),
    clear: () => setOutcome(null),
  };
}
