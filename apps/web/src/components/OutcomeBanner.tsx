import type { Outcome } from '../lib/use-outcome';
import { ErrorBanner } from './ErrorBanner';
import { Notice } from './Notice';

/** The outcome of the last action on a page, with a button to dismiss it. */
export function OutcomeBanner({ outcome, onDismiss }: { outcome: Outcome | null; onDismiss: () => void }) {
  if (outcome?.tone === 'success')
    return (
      <Notice tone="success" onDismiss={onDismiss}>
        {outcome.text}
      </Notice>
    );
  if (outcome?.tone === 'error')
    return <ErrorBanner title={outcome.title} error={outcome.error} onDismiss={onDismiss} />;
  return null;
}
