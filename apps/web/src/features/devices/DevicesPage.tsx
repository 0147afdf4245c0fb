import type { Device } from '@dtwin/contracts/devices';
import { useMemo, useState } from 'react';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { OutcomeBanner } from '../../components/OutcomeBanner';
import { PageHeader } from '../../components/PageHeader';
import { PagedListView } from '../../components/PagedListView';
import { useHttp } from '../../lib/http-context';
import { useConfirmation } from '../../lib/use-confirmation';
import { useOutcome } from '../../lib/use-outcome';
import { withParams } from '../../lib/search-params';
import { usePagedList } from '../../lib/use-paged-list';
import { useQuery } from '../../lib/use-query';
import { useCurrentUser } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import { AddDeviceDialog } from './AddDeviceDialog';
import { ImportDevicesDialog } from './ImportDevicesDialog';
import { DeviceFilters } from './DeviceFilters';
import { filterQuery, hasFilters, readDeviceFilters } from './device-filters';
import { deleteDevice, DEVICES_PAGE_SIZE, listDevices, listModels } from './devices-api';
import { DevicesTable } from './DevicesTable';
import { useFleetLive, withLive } from './fleet-live';
import './DevicesPage.css';

export function DevicesPage() {
  const http = useHttp();
  const me = useCurrentUser();
  const isAdmin = hasRole(me.role, 'admin');
  const devices = usePagedList({
    name: 'devices',
    pageSize: DEVICES_PAGE_SIZE,
    readFilters: readDeviceFilters,
    load: (filters, page, signal) => listDevices(http, { ...filterQuery(filters), ...page }, signal),
    resync: true,
  });
  const { filters } = devices;
  const models = useQuery(['models'], (signal) => listModels(http, signal));
  const live = useFleetLive();

  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const outcome = useOutcome();
  const deleting = useConfirmation(async (device: Device) => {
    await deleteDevice(http, device.id);
    outcome.succeeded(`${device.name} (${device.id}) was deleted with its history.`);
    devices.reload();
  });

  const modelsById = useMemo(() => new Map((models.data ?? []).map((m) => [m.id, m])), [models.data]);
  const list = devices.data;
  const rows = useMemo(() => list?.items.map((d) => withLive(d, live.get(d.id))) ?? [], [list, live]);
  const zones = useMemo(
    () => [...new Set(list?.items.map((d) => d.location.zone).filter(Boolean))].sort(),
    [list],
  );

  function clearFilters() {
    const sort = filters.sort === 'id' ? null : filters.sort;
    devices.setParams(withParams(new URLSearchParams(), { sort }));
  }

  return (
    <>
      <PageHeader
        title="Devices"
        description="Every registered device, with its connectivity and condition, live."
        actions={
          isAdmin && (
            <>
              <Button onClick={() => setImporting(true)}>Import CSV</Button>
              <Button variant="primary" onClick={() => setAdding(true)} disabled={!models.data}>
                Add device
              </Button>
            </>
          )
        }
      />
      <OutcomeBanner outcome={outcome.outcome} onDismiss={outcome.clear} />
      <DeviceFilters
        values={filters}
        models={models.data ?? []}
        zones={zones}
        onChange={devices.applyFilters}
        onClear={clearFilters}
      />
      {models.error !== null && (
        <ErrorBanner title="Could not load the device models" error={models.error} onRetry={models.reload} />
      )}
      <PagedListView
        list={devices}
        errorTitle="Could not load the devices"
        loadingLabel="Loading devices…"
        noun="devices"
        filtered={hasFilters(filters)}
        hint="Try another search, or clear the filters."
        none="No devices yet"
        noneHint={
          isAdmin && 'Add one with “Add device”, then point the device at this server with its token.'
        }
      >
        {() => (
          <DevicesTable
            devices={rows}
            models={modelsById}
            busy={devices.loading}
            onDelete={isAdmin ? deleting.ask : undefined}
          />
        )}
      </PagedListView>
      {adding && models.data && (
        <AddDeviceDialog
          models={models.data}
          onClose={(created) => {
            setAdding(false);
            if (created) {
              outcome.succeeded(`${created.name} (${created.id}) was added.`);
              devices.reload();
            }
          }}
        />
      )}
      {importing && (
        <ImportDevicesDialog
          onClose={(imported) => {
            setImporting(false);
            if (imported > 0) {
              outcome.succeeded(`${imported} devices were imported.`);
              devices.reload();
            }
          }}
        />
      )}
      {deleting.target && (
        <ConfirmDialog
          title={`Delete ${deleting.target.id}?`}
          confirmLabel="Delete device"
          {...deleting.dialog}
        >
          <p>
            {deleting.target.name} is removed with its twin and its entire history. Its token stops working,
            so anything still sending as this device is refused.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
