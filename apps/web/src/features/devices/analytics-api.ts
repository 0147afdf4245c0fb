import { alertListSchema, type AlertList } from '@dtwin/contracts/alerts';
import { deviceAnomalySchema, type DeviceAnomaly } from '@dtwin/contracts/anomaly';
import {
  deviceHealthSchema,
  healthHistorySchema,
  type DeviceHealth,
  type HealthHistory,
} from '@dtwin/contracts/health';
import { devicePatternsSchema, type DevicePatterns } from '@dtwin/contracts/patterns';
import { devicePredictionsSchema, type DevicePredictions } from '@dtwin/contracts/predictions';
import { recommendationListSchema } from '@dtwin/contracts/recommendations';
import type { z } from 'zod';
import type { HttpClient } from '../../lib/http';

const path = (id: string) => `/api/devices/${encodeURIComponent(id)}`;

export type RecommendationList = z.infer<typeof recommendationListSchema>;

export function getHealth(http: HttpClient, id: string, signal?: AbortSignal): Promise<DeviceHealth> {
  return http.get(`${path(id)}/health`, { schema: deviceHealthSchema, signal });
}

export function getHealthHistory(
  http: HttpClient,
  id: string,
  from: string,
  signal?: AbortSignal,
): Promise<HealthHistory> {
  return http.get(`${path(id)}/health/history`, { query: { from }, schema: healthHistorySchema, signal });
}

export function getPredictions(
  http: HttpClient,
  id: string,
  signal?: AbortSignal,
): Promise<DevicePredictions> {
  return http.get(`${path(id)}/predictions`, { schema: devicePredictionsSchema, signal });
}

export function getPatterns(http: HttpClient, id: string, signal?: AbortSignal): Promise<DevicePatterns> {
  return http.get(`${path(id)}/patterns`, { schema: devicePatternsSchema, signal });
}

export function listDeviceRecommendations(
  http: HttpClient,
  id: string,
  signal?: AbortSignal,
): Promise<RecommendationList> {
  return http.get('/api/recommendations', {
    query: { device_id: id, limit: 100 },
    schema: recommendationListSchema,
    signal,
  });
}

export function listDeviceAlerts(http: HttpClient, id: string, signal?: AbortSignal): Promise<AlertList> {
  return http.get('/api/alerts', { query: { device_id: id, limit: 100 }, schema: alertListSchema, signal });
}

export function getAnomalyContext(
  http: HttpClient,
  id: string,
  signal?: AbortSignal,
): Promise<DeviceAnomaly> {
  return http.get(`${path(id)}/anomaly`, { schema: deviceAnomalySchema, signal });
}
