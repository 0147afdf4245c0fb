import type { Device } from '@dtwin/contracts/devices';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { useHttp } from '../../lib/http-context';
import { readPage, withParams } from '../../lib/search-params';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { useCurrentUser } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import { AddDeviceDialog } from './AddDeviceDialog';
import { DeviceFilters } from './DeviceFilters';
import { filterQuery, hasFilters, readDeviceFilters, type DeviceFilterValues } from './device-filters';
import { deleteDevice, DEVICES_PAGE_SIZE, listDevices, listModels } from './devices-api';
import { DevicesTable } from './DevicesTable';
import { useFleetLive, withLive } from './fleet-live';
import './DevicesPage.css';

export function DevicesPage() {
  const http = useHttp();
  const me = useCurrentUser();
  const isAdmin = hasRole(me.role, 'admin');
  const [params, setParams] = useSearchParams();
  const filters = readDeviceFilters(params);
  const offset = (readPage(params) - 1) * DEVICES_PAGE_SIZE;
  // After a reconnection the list is fetched again: events missed meanwhile are not replayed.
  const epoch = useResyncEpoch();

  const devices = useQuery(['devices', filterQuery(filters), offset, epoch], (signal) =>
    listDevices(http, { ...filterQuery(filters), limit: DEVICES_PAGE_SIZE, offset }, signal),
  );
  const models = useQuery(['models'], (signal) => listModels(http, signal));
  const live = useFleetLive();

  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ device: Device; busy: boolean; error: unknown } | null>(null);

  const modelsById = useMemo(() => new Map((models.data ?? []).map((m) => [m.id, m])), [models.data]);
  const list = devices.data;
  const rows = useMemo(() => list?.items.map((d) => withLive(d, live.get(d.id))) ?? [], [list, live]);
  const zones = useMemo(
    () => [...new Set(list?.items.map((d) => d.location.zone).filter(Boolean))].sort(),
    [list],
  );

  function applyFilters(change: Partial<DeviceFilterValues>) {
    setParams(withParams(params, { ...change, page: null }));
  }

  function clearFilters() {
    const sort = filters.sort === 'id' ? null : filters.sort;
    setParams(withParams(new URLSearchParams(), { sort }));
  }

  async function confirmDelete(device: Device) {
    setDeleting({ device, busy: true, error: null });
    try {
      await deleteDevice(http, device.id);
      setDeleting(null);
      setNotice(`${device.name} (${device.id}) was deleted with its history.`);
      devices.reload();
    } catch (error) {
      setDeleting({ device, busy: false, error });
    }
  }

  return (
    <>
      <PageHeader
        title="Devices"
        description="Every registered device, with its connectivity and condition, live."
        actions={
          isAdmin && (
            <Button variant="primary" onClick={() => setAdding(true)} disabled={!models.data}>
              Add device
            </Button>
          )
        }
      />
      {notice && (
        <Notice tone="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      <DeviceFilters
        values={filters}
        models={models.data ?? []}
        zones={zones}
        onChange={applyFilters}
        onClear={clearFilters}
      />
      {models.error !== null && (
        <ErrorBanner title="Could not load the device models" error={models.error} onRetry={models.reload} />
      )}
      {devices.error !== null && (
        <ErrorBanner title="Could not load the devices" error={devices.error} onRetry={devices.reload} />
      )}
      {list === undefined ? (
        devices.loading && <LoadingState label="Loading devices…" />
      ) : (
        <>
          {rows.length === 0 ? (
            <EmptyState title={emptyTitle(hasFilters(filters), list.total)}>
              {hasFilters(filters) && list.total === 0 && <p>Try another search, or clear the filters.</p>}
              {!hasFilters(filters) && list.total === 0 && isAdmin && (
                <p>Add one with “Add device”, then point the device at this server with its token.</p>
              )}
            </EmptyState>
          ) : (
            <DevicesTable
              devices={rows}
              models={modelsById}
              busy={devices.loading}
              onDelete={isAdmin ? (device) => setDeleting({ device, busy: false, error: null }) : undefined}
            />
          )}
          {list.total > 0 && (
            <Pagination
              offset={offset}
              limit={DEVICES_PAGE_SIZE}
              total={list.total}
              noun="devices"
              busy={devices.loading}
              onChange={(o) => setParams(withParams(params, { page: o / DEVICES_PAGE_SIZE + 1 }))}
            />
          )}
        </>
      )}
      {adding && models.data && (
        <AddDeviceDialog
          models={models.data}
          onClose={(created) => {
            setAdding(false);
            if (created) {
              setNotice(`${created.name} (${created.id}) was added.`);
              devices.reload();
            }
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.device.id}?`}
          confirmLabel="Delete device"
          busy={deleting.busy}
          error={deleting.error}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void confirmDelete(deleting.device)}
        >
          <p>
            {deleting.device.name} is removed with its twin and its entire history. Its token stops working,
            so anything still sending as this device is refused.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function emptyTitle(filtered: boolean, total: number): string {
  if (total > 0) return 'Nothing on this page';
  return filtered ? 'No devices match these filters' : 'No devices yet';
}
