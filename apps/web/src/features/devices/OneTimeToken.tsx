import { useId, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import './OneTimeToken.css';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A device token, shown the one time it exists in clear: the server keeps only its hash, so
 * this is the last chance to copy it.
 */
export function OneTimeToken({ deviceId, token }: { deviceId: string; token: string }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');
  const id = useId();

  async function handleCopy() {
    try {
      // The Clipboard API needs a secure context (https or localhost).
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(token);
      setCopy('copied');
    } catch {
      inputRef.current?.select();
      setCopy('failed');
    }
  }

  return (
    <div className="one-time-token">
      <p className="one-time-token__warning" role="alert">
        <strong>Copy this token now.</strong> It is shown only once; the server stores only a hash of it. If
        it is lost, rotate the device&rsquo;s credentials to make a new one.
      </p>
      <label className="field__label" htmlFor={id}>
        Ingestion token for {deviceId}
      </label>
      <div className="one-time-token__row">
        <input
          ref={inputRef}
          id={id}
          className="input one-time-token__value"
          readOnly
          value={token}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button variant="primary" onClick={() => void handleCopy()}>
          Copy
        </Button>
      </div>
      <p className="field__hint" aria-live="polite">
        {copy === 'copied' && 'Copied to the clipboard.'}
        {copy === 'failed' && 'This browser did not allow copying; the token is selected, copy it by hand.'}
        {copy === 'idle' && (
          <>
            The device sends it as the MQTT password (user name <code>{deviceId}</code>) or as a bearer token
            to <code>/ingest/devices/{deviceId}/telemetry</code>.
          </>
        )}
      </p>
    </div>
  );
}
