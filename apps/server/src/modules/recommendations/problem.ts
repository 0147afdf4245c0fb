import type { DeviceHealth } from '@dtwin/contracts/health';
import type { DeviceModel } from '@dtwin/contracts/models';
import type { DevicePatterns } from '@dtwin/contracts/patterns';
import type { FleetRul, MetricPrediction } from '@dtwin/contracts/predictions';
import type { Recommendation, RecommendationEvidence } from '@dtwin/contracts/recommendations';
import type { Factors } from './recommendation-score';

/** An open alert of the device, as the rules read it. */
export interface ActiveAlert {
  id: number;
  metric: string;
  severity: 'info' | 'warning' | 'critical';
  rule_name: string;
  message: string;
}

export interface Problem extends Factors {
  key: string;
  type: Recommendation['type'];
  title: string;
  action: string;
  timeframe: Recommendation['timeframe'];
  dueAt: number | null;
  evidence: RecommendationEvidence[];
  metric: string | null;
  /** Predicted hours to the critical limit (failures only): the metric that fails first leads a group of symptoms. */
  rulH?: number;
  /** When the departure began (failures only, epoch ms). */
  onset?: number;
  /** Minutes the metric spent outside its normal range in the health window (range problems only). */
  outsideMin?: number;
  /** Keys of the problems folded into this one (see symptom-grouping.ts). */
  absorbedKeys?: string[];
}

export interface RuleInputs {
  now: number;
  device: { id: string; name: string };
  model: DeviceModel;
  health: DeviceHealth | null;
  predictions: readonly MetricPrediction[];
  /** The fleet model's RUL of the device, when its model has one. */
  fleet?: FleetRul | null;
  alerts: readonly ActiveAlert[];
  patterns: DevicePatterns | null;
}
