import type { Asset } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormActions } from '../../components/FormActions';
import { LoadingState } from '../../components/LoadingState';
import { SelectField } from '../../components/SelectField';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { listAllDevices } from '../devices/devices-api';
import { attachDevice } from './assets-api';

interface AttachDeviceDialogProps {
  asset: Asset;
  /** Every asset, to say where a device hangs now. */
  assets: readonly Asset[];
  onClose: (attached: boolean) => void;
}

/** Attaches a device to this asset (a device hangs under one asset; attaching moves it here). */
export function AttachDeviceDialog({ asset, assets, onClose }: AttachDeviceDialogProps) {
  const http = useHttp();
  const devices = useQuery(['attach-devices'], (signal) => listAllDevices(http, {}, signal));
  const [deviceId, setDeviceId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  const names = new Map(assets.map((a) => [a.id, a.name]));
  const where = (d: Device) => {
    if (!d.asset_id) return '';
    return d.asset_id === asset.id ? ' — already here' : ` — now on ${names.get(d.asset_id) ?? d.asset_id}`;
  };
  const options = (devices.data ?? [])
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => ({ value: d.id, label: `${d.name} (${d.id})${where(d)}` }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMissing(!deviceId);
    if (!deviceId) return;
    setBusy(true);
    setError(null);
    try {
      await attachDevice(http, deviceId, asset.id);
      onClose(true);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Attach a device to ${asset.name}`} onClose={() => !busy && onClose(false)}>
      {error !== null && <ErrorBanner title="The device was not attached" error={error} />}
      {devices.error !== null && (
        <ErrorBanner title="Could not load the devices" error={devices.error} onRetry={devices.reload} />
      )}
      {devices.data === undefined ? (
        devices.loading && <LoadingState label="Loading the devices…" />
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <SelectField
            label="Device"
            options={[{ value: '', label: 'Choose a device…' }, ...options]}
            value={deviceId}
            error={missing ? 'Choose the device to attach.' : undefined}
            hint="A device belongs to one asset; one attached elsewhere moves here."
            onChange={(e) => {
              setDeviceId(e.target.value);
              setMissing(false);
            }}
            data-autofocus
          />
          <FormActions
            submitLabel="Attach device"
            submitting={busy}
            onCancel={() => onClose(false)}
            inDialog
          />
        </form>
      )}
    </Dialog>
  );
}
