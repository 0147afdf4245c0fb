import type { BadgeTone } from '../../components/Badge';

export interface DistributionPart {
  key: string;
  label: string;
  count: number;
  tone: BadgeTone;
}

/** A stacked bar of how many are in each state, with the counts written out beside it. */
export function DistributionBar({ title, parts }: { title: string; parts: readonly DistributionPart[] }) {
  const total = parts.reduce((sum, p) => sum + p.count, 0);
  return (
    <figure className="distribution">
      <figcaption className="distribution__title">{title}</figcaption>
      <div className="distribution__bar" aria-hidden="true">
        {total === 0 ? (
          <span className="distribution__segment distribution__segment--empty" style={{ flexGrow: 1 }} />
        ) : (
          parts
            .filter((p) => p.count > 0)
            .map((p) => (
              <span
                key={p.key}
                className={`distribution__segment distribution__segment--${p.tone}`}
                style={{ flexGrow: p.count }}
                title={`${p.label}: ${p.count}`}
              />
            ))
        )}
      </div>
      <ul className="distribution__legend">
        {parts.map((p) => (
          <li key={p.key} className={p.count === 0 ? 'distribution__item--zero' : undefined}>
            <span className={`distribution__swatch distribution__segment--${p.tone}`} aria-hidden="true" />
            {p.label} <strong>{p.count}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}
