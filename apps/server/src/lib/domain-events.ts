import type { Alert } from '@dtwin/contracts/alerts';
import type { Command } from '@dtwin/contracts/commands';
import type { HealthStatus, HealthTrend } from '@dtwin/contracts/health';
import type { MetricPrediction } from '@dtwin/contracts/predictions';
import type { Recommendation } from '@dtwin/contracts/recommendations';
import type { DesiredMessage, Twin } from '@dtwin/contracts/twin';

/** A stored reading: `ts` in epoch milliseconds. */
export interface Reading {
  deviceId: string;
  metric: string;
  ts: number;
  value: number;
}

/** Asks for a notification of an alert: to `channelIds`, or (empty) to every channel its severity reaches. */
export interface AlertNotice {
  kind: 'raise' | 'escalation';
  channelIds: number[];
}

/** Every domain event, by name. Emitted after the write behind it has committed. */
// A type alias, not an interface: it satisfies the bus's `Record<string, unknown>` bound without an
// index signature, so a misspelt event name does not compile.
export type DomainEvents = {
  'telemetry.stored': { readings: Reading[] };
  'twin.changed': { twin: Twin };
  'twin.desired_changed': { deviceId: string; message: DesiredMessage };
  'device.deleted': { deviceId: string };
  /** A device was attached to an asset, moved to another, or detached (`assetId` null). */
  'device.asset_changed': { deviceId: string; assetId: string | null };
  /** The hierarchy changed: an asset was created, changed (renamed, moved…) or deleted. */
  'asset.changed': { assetId: string; change: 'created' | 'updated' | 'deleted' };
  /** A failure, repair, maintenance or inspection was recorded in the device's maintenance log. */
  'device.event_recorded': { deviceId: string; type: string; ts: number };
  'device.maintenance_changed': { deviceId: string; maintenance: boolean };
  /** A connector was created, changed or deleted: the runtime (re)starts or stops it. */
  'connector.changed': { id: string };
  /** An access token was revoked (logout): sockets opened with it are closed. */
  'auth.token_revoked': { jti: string };
  /** Every token of a user was revoked (password changed, user disabled): their sockets are closed. */
  'auth.user_revoked': { userId: number };
  /** A new alert; `notice` is null when it must not notify (shelved, or part of a flood already notified). */
  'alert.raised': { alert: Alert; notice: AlertNotice | null };
  /** Any other change of an open alert: count and value, acknowledged, shelved, reopened, escalated. */
  'alert.updated': { alert: Alert; notice: AlertNotice | null };
  /** The alert closed: `cleared` by its condition (or its rule or device going away) or `resolved` by someone. */
  'alert.cleared': { alert: Alert };
  /** A reading's anomaly score in [0, 1] from the detector (`metric` absent for the device-level score). */
  'anomaly.scored': { deviceId: string; ts: number; score: number; metric?: string };
  /** A device's health was recomputed and stored. */
  'health.updated': {
    deviceId: string;
    score: number;
    status: HealthStatus;
    previousStatus: HealthStatus | null;
    trend: HealthTrend;
    computedAt: number;
  };
  /** A device's failure predictions were recomputed and stored; `worst` is the metric most likely to fail first. */
  /** `failureProbability`: the device's, by the method in use (fleet model or the worst metric). */
  'prediction.updated': {
    deviceId: string;
    worst: MetricPrediction | null;
    failureProbability: Record<'24h' | '7d' | '30d', number>;
    computedAt: number;
  };
  /** A recommendation was created, updated in place, closed automatically, or had its status changed by someone. */
  /** A command to a device was sent (`created`) or changed status (`updated`). */
  'command.changed': { command: Command; change: 'created' | 'updated' };
  'recommendation.changed': {
    recommendation: Recommendation;
    change: 'created' | 'updated' | 'closed' | 'status';
  };
  /** Computed metrics of an asset were evaluated and stored (`ts`: the newest reading behind them). */
  'asset.metrics_computed': { assetId: string; values: Array<{ metric: string; value: number }>; ts: number };
  /** A device's own computed metrics were evaluated and stored (`ts`: the newest reading behind them). */
  'device.metrics_computed': {
    deviceId: string;
    values: Array<{ metric: string; value: number }>;
    ts: number;
  };
};

export type { EventBus } from './event-bus';
