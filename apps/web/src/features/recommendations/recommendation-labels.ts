import type { Recommendation } from '@dtwin/contracts/recommendations';
import type { BadgeTone } from '../../components/Badge';
import type { Board, RecommendationPriority, RecommendationStatus } from './recommendations-api';

export const statusLabels: Record<RecommendationStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  done: 'Done',
  dismissed: 'Dismissed',
};

export const priorityLabels: Record<RecommendationPriority, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const priorityTones: Record<RecommendationPriority, BadgeTone> = {
  critical: 'danger',
  high: 'warning',
  medium: 'info',
  low: 'neutral',
};

export const timeframeLabels: Record<Recommendation['timeframe'], string> = {
  immediate: 'Immediately',
  '24h': 'Within 24 hours',
  '7d': 'Within 7 days',
  '30d': 'Within 30 days',
  next_service: 'At the next service',
};

export const typeLabels: Record<Recommendation['type'], string> = {
  maintenance: 'Maintenance',
  optimization: 'Optimization',
  operational: 'Operational',
  preventive: 'Preventive',
  emergency: 'Emergency',
};

/** Where a recommendation may go from where it is: done and dismissed are final. */
export const nextStatuses: Record<RecommendationStatus, readonly Exclude<RecommendationStatus, 'open'>[]> = {
  open: ['acknowledged', 'done', 'dismissed'],
  acknowledged: ['done', 'dismissed'],
  done: [],
  dismissed: [],
};

export const actionLabels: Record<Exclude<RecommendationStatus, 'open'>, string> = {
  acknowledged: 'Acknowledge',
  done: 'Mark done',
  dismissed: 'Dismiss',
};

const priorityRank: Record<RecommendationPriority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Most pressing first: by priority, then score. */
export function byPriority(a: Recommendation, b: Recommendation): number {
  return priorityRank[a.priority] - priorityRank[b.priority] || b.score - a.score;
}

/**
 * Puts a changed recommendation in its column (moving it out of the one it was in), as a PATCH
 * answer or a live event says; totals follow.
 */
export function placeOnBoard(board: Board, rec: Recommendation, matches: boolean): Board {
  const next = { ...board };
  let known = false;
  for (const status of Object.keys(board) as RecommendationStatus[]) {
    const column = board[status];
    if (column.items.some((r) => r.id === rec.id)) {
      known = true;
      next[status] = { items: column.items.filter((r) => r.id !== rec.id), total: column.total - 1 };
    }
  }
  if (!known && !matches) return board;
  const target = next[rec.status];
  next[rec.status] = { items: [...target.items, rec].sort(byPriority), total: target.total + 1 };
  return next;
}

/** 0.734 → "73%". */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
