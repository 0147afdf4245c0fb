import type { DeviceEvent, DeviceEventListQuery } from '@dtwin/contracts/device-events';
import type { Device, DeviceListQuery } from '@dtwin/contracts/devices';
import type { DeviceHealth, HealthHistory, HealthHistoryQuery } from '@dtwin/contracts/health';
import type { DeviceModel } from '@dtwin/contracts/models';
import type { DevicePredictions } from '@dtwin/contracts/predictions';
import type { Recommendation, RecommendationListQuery } from '@dtwin/contracts/recommendations';
import type { AlertLister } from './report-alerts';
import type { AssetMetricLine } from './report-model';
import type { HistoryReader } from './report-metrics';

/**
 * Where a report's facts come from: other modules' services, as the container wires them. The
 * optional ones are left out by an installation (or a test) that does not have them; the report
 * then says what it could not include.
 */
export interface ReportSources {
  devices: {
    get(id: string): Promise<Device>;
    list(query: DeviceListQuery): Promise<{ items: Device[]; total: number }>;
  };
  models: { find(id: string): DeviceModel | undefined };
  history: HistoryReader;
  alerts: AlertLister;
  health?: {
    get(deviceId: string): Promise<DeviceHealth>;
    history?(deviceId: string, query: HealthHistoryQuery): Promise<HealthHistory>;
  };
  predictions?: (deviceId: string) => Promise<DevicePredictions>;
  /** The maintenance log of a device (newest first). */
  events?: (deviceId: string, query: DeviceEventListQuery) => Promise<DeviceEvent[]>;
  recommendations?: (query: RecommendationListQuery) => Promise<{ items: Recommendation[]; total: number }>;
  /** The asset a fleet report is narrowed to (its name heads the report). */
  assets?: { get(id: string): Promise<{ id: string; name: string; type: string }> };
  /** The asset's computed metrics over [from, to) (an asset's report lists them). */
  computedMetrics?: (assetId: string, from: number, to: number) => Promise<AssetMetricLine[]>;
}
