import type { Device } from '@dtwin/contracts/devices';
import { useMemo, type MouseEvent } from 'react';
import { cx } from '../../lib/class-names';
import { conditionLabels, connectivityLabels } from '../devices/DeviceBadges';
import { layoutPlan, PLAN } from './floor-plan-layout';
import './FloorPlan.css';
import { ellipsize } from '../../components/Ellipsis';

interface FloorPlanProps {
  devices: readonly Device[];
  onOpen: (deviceId: string) => void;
}

/** Labels stay readable up to this many devices; beyond it, names are in the tooltips only. */
const MAX_LABELS = 80;

/**
 * The label on the plan: the equipment tag when the name ends with one ("Cooling water pump
 * P-101" → "P-101"), as on a plant drawing; otherwise the name, shortened. The full name is in
 * the tooltip and the accessible name.
 */
export function planLabel(name: string): string {
  const tag = /\s([A-Z]{1,4}-?\d{1,5}[A-Z]?)$/.exec(name)?.[1];
  if (tag) return tag;
  return name.length > 16 ? `${name.slice(0, 15)}…` : name;
}

/** The devices on an SVG plan by their x/y, grouped by zone, coloured by condition, dimmed when offline. */
export function FloorPlan({ devices, onOpen }: FloorPlanProps) {
  const layout = useMemo(() => layoutPlan(devices), [devices]);
  const labels = layout.placed.length <= MAX_LABELS;

  const open = (event: MouseEvent, id: string) => {
    // A plain click stays in the app; modified clicks (new tab) keep the browser's behaviour.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    onOpen(id);
  };

  return (
    <svg
      className="fp"
      viewBox={`0 0 ${PLAN.width} ${PLAN.height}`}
      role="group"
      aria-label={`Floor plan with ${layout.placed.length} devices`}
    >
      <rect className="fp__floor" x={0} y={0} width={PLAN.width} height={PLAN.height} rx={6} />
      {layout.zones.map((zone) => (
        <g key={zone.name} className="fp-zone">
          <rect x={zone.x} y={zone.y} width={zone.width} height={zone.height} rx={4} />
          <ZoneLabel
            x={zone.x + 8}
            y={zone.y + 16}
            width={zone.width - 16}
            text={`${zone.name} (${zone.count})`}
          />
        </g>
      ))}
      {layout.placed.map(({ device, cx: x, cy: y }) => {
        const state = `${conditionLabels[device.condition]}, ${connectivityLabels[device.connectivity].toLowerCase()}`;
        return (
          <a
            key={device.id}
            href={`/devices/${encodeURIComponent(device.id)}`}
            className={cx(
              'fp-device',
              `fp-device--${device.condition}`,
              device.connectivity === 'offline' && 'fp-device--offline',
            )}
            data-device={device.id}
            aria-label={`${device.name} (${device.id}): ${state}`}
            onClick={(event) => open(event, device.id)}
          >
            <title>{`${device.name} (${device.id})\n${device.location.zone || 'No zone'} · ${state}`}</title>
            <circle className="fp-device__halo" cx={x} cy={y} r={15} />
            <circle className="fp-device__dot" cx={x} cy={y} r={9} />
            {labels && (
              <text className="fp-device__label" x={x} y={y + 25}>
                {planLabel(device.name)}
              </text>
            )}
          </a>
        );
      })}
    </svg>
  );
}

/** What the colours mean. */
export function FloorPlanLegend() {
  return (
    <ul className="fp-legend" aria-label="Legend">
      {(['normal', 'warning', 'critical', 'maintenance'] as const).map((condition) => (
        <li key={condition}>
          <svg viewBox="0 0 20 20" aria-hidden="true">
            <circle className={`fp-legend__dot fp-device--${condition}`} cx={10} cy={10} r={7} />
          </svg>
          {conditionLabels[condition]}
        </li>
      ))}
      <li>
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <circle className="fp-legend__dot fp-device--normal fp-device--offline" cx={10} cy={10} r={7} />
        </svg>
        Offline (dimmed)
      </li>
    </ul>
  );
}

/** A zone's name on one line inside its box: cut with "…" when too long, the whole name on hover. */
function ZoneLabel({ x, y, width, text }: { x: number; y: number; width: number; text: string }) {
  // About 7 units per character at the label's size.
  const shown = ellipsize(text, Math.floor(width / 7));
  return (
    <text x={x} y={y}>
      {shown !== text && <title>{text}</title>}
      {shown}
    </text>
  );
}
