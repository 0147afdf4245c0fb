import {
  recommendationListSchema,
  recommendationResponseSchema,
  recommendationStatuses,
  type PatchRecommendationBody,
  type Recommendation,
} from '@dtwin/contracts/recommendations';
import type { HttpClient } from '../../lib/http';

export type RecommendationStatus = Recommendation['status'];
export type RecommendationPriority = Recommendation['priority'];

/** Cards per column; the column says how many more there are. */
export const COLUMN_LIMIT = 50;

export interface BoardColumn {
  items: Recommendation[];
  total: number;
}

export type Board = Record<RecommendationStatus, BoardColumn>;

export interface BoardFilters {
  priority?: RecommendationPriority;
  device_id?: string;
}

/** One `GET /api/recommendations?status=…` per column, in parallel. */
export async function loadBoard(
  http: HttpClient,
  filters: BoardFilters,
  signal?: AbortSignal,
): Promise<Board> {
  const lists = await Promise.all(
    recommendationStatuses.map((status) =>
      http.get('/api/recommendations', {
        query: { ...filters, status, limit: COLUMN_LIMIT },
        schema: recommendationListSchema,
        signal,
      }),
    ),
  );
  return Object.fromEntries(recommendationStatuses.map((status, i) => [status, lists[i]])) as Board;
}

/** `PATCH /api/recommendations/{id} {status}` → the recommendation as stored. */
export async function changeStatus(
  http: HttpClient,
  id: number,
  body: PatchRecommendationBody,
): Promise<Recommendation> {
  return (await http.patch(`/api/recommendations/${id}`, { body, schema: recommendationResponseSchema }))
    .recommendation;
}
