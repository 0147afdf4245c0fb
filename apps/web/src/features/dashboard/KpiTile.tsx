import type { ReactNode } from 'react';
import type { BadgeTone } from '../../components/Badge';

interface KpiTileProps {
  label: string;
  value: ReactNode;
  /** Unit or qualifier after the value. */
  unit?: string;
  detail?: ReactNode;
  tone?: BadgeTone;
}

/** One headline figure: what it is, its value, and a line of context. */
export function KpiTile({ label, value, unit, detail, tone = 'neutral' }: KpiTileProps) {
  return (
    <div className={`kpi kpi--${tone}`}>
      <dt className="kpi__label">{label}</dt>
      <dd className="kpi__value">
        {value}
        {unit && <span className="kpi__unit"> {unit}</span>}
      </dd>
      {detail && <dd className="kpi__detail">{detail}</dd>}
    </div>
  );
}
