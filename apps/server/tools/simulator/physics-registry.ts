import type { MetricDefinition } from '@dtwin/contracts/models';
import { builtinModels } from '../../src/modules/models/builtin-models';
import { compressorPhysics } from './compressor.physics';
import { motorPhysics } from './motor.physics';
import type { PhysicsDefinition, ScenarioDef } from './physics.types';
import { pumpPhysics } from './pump.physics';
import {
  humiditySensorPhysics,
  powerMeterPhysics,
  pressureSensorPhysics,
  temperatureSensorPhysics,
  vibrationSensorPhysics,
} from './sensors.physics';

const definitions: PhysicsDefinition[] = [
  temperatureSensorPhysics,
  pressureSensorPhysics,
  vibrationSensorPhysics,
  humiditySensorPhysics,
  powerMeterPhysics,
  pumpPhysics,
  motorPhysics,
  compressorPhysics,
];

export const physicsByModel: ReadonlyMap<string, PhysicsDefinition> = new Map(
  definitions.map((d) => [d.model, d]),
);

/** The device models the simulator can play: every built-in model. */
export const simulatedModelIds: readonly string[] = definitions.map((d) => d.model);

/** Every degradation scenario, for documentation, tests and the server's curiosity. */
export const scenarioCatalogue: readonly ScenarioDef[] = definitions.flatMap((d) => d.scenarios);

export function scenarioById(id: string): ScenarioDef {
  const scenario = scenarioCatalogue.find((s) => s.id === id);
  if (!scenario) throw new Error(`unknown simulator scenario '${id}'`);
  return scenario;
}

export function metricDefinition(model: string, metric: string): MetricDefinition {
  const found = builtinModels.find((m) => m.id === model)?.metrics.find((m) => m.name === metric);
  if (!found) throw new Error(`model '${model}' has no metric '${metric}'`);
  return found;
}

/** The critical limit a scenario's failing metric crosses, read from the model so they never disagree. */
export function criticalLimit(scenario: ScenarioDef): number {
  const metric = metricDefinition(scenario.model, scenario.failingMetric);
  return scenario.direction === 'high' ? metric.critical.max : metric.critical.min;
}
