import { useNavigate } from 'react-router';
import { useFleetLive, withLive } from '../../devices/fleet-live';
import { FloorPlan } from '../../floor-plan/FloorPlan';
import '../../floor-plan/FloorPlan.css';
import { useDashboardScope } from '../dashboard-context';

/** The plant's floor plan, each device coloured by its live condition. */
export function FloorPlanWidget() {
  const scope = useDashboardScope();
  const navigate = useNavigate();
  const live = useFleetLive();
  const devices = scope.devices.map((d) => withLive(d, live.get(d.id)));
  return (
    <div className="floor-plan-widget">
      <FloorPlan devices={devices} onOpen={(id) => void navigate(`/devices/${encodeURIComponent(id)}`)} />
    </div>
  );
}
