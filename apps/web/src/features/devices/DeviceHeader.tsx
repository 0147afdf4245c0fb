import type { Condition, Connectivity, Device } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { useHttp } from '../../lib/http-context';
import { useLatestReadings, type DeviceLive } from './device-live';
import { ConditionBadge, ConnectivityBadge } from './DeviceBadges';
import { rotateDeviceToken } from './devices-api';
import { expectedIntervalS } from './DevicesTable';
import { staleAfterMs } from './last-seen';
import { LastSeen } from './LastSeen';
import { OneTimeToken } from './OneTimeToken';

interface DeviceHeaderProps {
  device: Device;
  model: DeviceModel | undefined;
  /** The freshest state known: from the twin and live events, else the device row. */
  connectivity: Connectivity;
  condition: Condition;
  /** As fetched; live readings move it forward. */
  lastSeen: string | null;
  live: DeviceLive;
  isAdmin: boolean;
}

type Rotation = { step: 'confirm'; busy: boolean; error: unknown } | { step: 'done'; token: string } | null;

export function DeviceHeader({
  device,
  model,
  connectivity,
  condition,
  lastSeen,
  live,
  isAdmin,
}: DeviceHeaderProps) {
  const http = useHttp();
  const [rotation, setRotation] = useState<Rotation>(null);
  const { site, zone, x, y } = device.location;
  const place = [site, zone].filter(Boolean).join(' · ') || 'No location';

  async function rotate() {
    setRotation({ step: 'confirm', busy: true, error: null });
    try {
      setRotation({ step: 'done', token: await rotateDeviceToken(http, device.id) });
    } catch (error) {
      setRotation({ step: 'confirm', busy: false, error });
    }
  }

  return (
    <header className="device-header">
      <p className="device-header__crumbs">
        <Link to="/devices">Devices</Link> / <code>{device.id}</code>
      </p>
      <div className="device-header__main">
        <div>
          <h1 className="device-header__title">{device.name}</h1>
          <p className="device-header__facts">
            <span>{model?.name ?? device.model}</span>
            <span>
              {place}
              {x !== null && y !== null && (
                <>
                  {' '}
                  (
                  <Link to={`/floor-plan${site ? `?site=${encodeURIComponent(site)}` : ''}`}>
                    floor plan {Math.round(x)}, {Math.round(y)}
                  </Link>
                  )
                </>
              )}
            </span>
            {device.firmware && <span>Firmware {device.firmware}</span>}
          </p>
        </div>
        {isAdmin && (
          <div className="device-header__actions">
            <Button size="sm" onClick={() => setRotation({ step: 'confirm', busy: false, error: null })}>
              Rotate token
            </Button>
          </div>
        )}
      </div>
      <dl className="device-header__status">
        <div>
          <dt>Connectivity</dt>
          <dd>
            <ConnectivityBadge connectivity={connectivity} />
          </dd>
        </div>
        <div>
          <dt>Condition</dt>
          <dd>
            <ConditionBadge condition={condition} />
            {device.maintenance_mode && condition !== 'maintenance' && (
              <Badge tone="info">Maintenance mode</Badge>
            )}
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <LiveLastSeen
              live={live}
              fetched={lastSeen}
              staleAfterMs={staleAfterMs(expectedIntervalS(model))}
            />
          </dd>
        </div>
      </dl>
      {rotation?.step === 'confirm' && (
        <ConfirmDialog
          title={`Rotate the token of ${device.id}?`}
          confirmLabel="Rotate token"
          busy={rotation.busy}
          error={rotation.error}
          onCancel={() => setRotation(null)}
          onConfirm={() => void rotate()}
        >
          <p>The current token stops working at once: the device is refused until it is given the new one.</p>
        </ConfirmDialog>
      )}
      {rotation?.step === 'done' && (
        <Dialog title="New device token" onClose={() => setRotation(null)}>
          <OneTimeToken deviceId={device.id} token={rotation.token} />
          <div className="dialog__footer">
            <Button variant="primary" onClick={() => setRotation(null)}>
              I have copied the token
            </Button>
          </div>
        </Dialog>
      )}
    </header>
  );
}

/** Last seen, moved forward by live readings; only this re-renders when they arrive. */
function LiveLastSeen({
  live,
  fetched,
  staleAfterMs,
}: {
  live: DeviceLive;
  fetched: string | null;
  staleAfterMs: number;
}) {
  const latest = useLatestReadings(live);
  const liveTs = Math.max(-Infinity, ...Object.values(latest).map((r) => r.ts));
  const value =
    Number.isFinite(liveTs) && (!fetched || liveTs > Date.parse(fetched))
      ? new Date(liveTs).toISOString()
      : fetched;
  return <LastSeen value={value} staleAfterMs={staleAfterMs} />;
}
