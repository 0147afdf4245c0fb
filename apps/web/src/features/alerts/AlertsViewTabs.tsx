import { useSearchParams } from 'react-router';
import { TabNav } from '../../components/TabNav';
import { withParams } from '../../lib/search-params';

export type AlertsView = 'list' | 'floods';

/** The list of alerts, or the floods among them; the filters stay when switching. */
export function AlertsViewTabs({ view }: { view: AlertsView }) {
  const [params] = useSearchParams();
  const to = (v: AlertsView) =>
    `?${withParams(params, { view: v === 'floods' ? 'floods' : null, page: null })}`;
  return (
    <TabNav
      label="Alert views"
      tabs={[
        { to: to('list'), label: 'All alerts', current: view === 'list' },
        { to: to('floods'), label: 'Floods (grouped)', current: view === 'floods' },
      ]}
    />
  );
}
