/**
 * What a maintenance engineer checks first when a metric heads the wrong way: common practice for
 * pumps, motors, compressors and plant sensors. Unknown metrics get a generic instruction.
 */
const advice: Record<string, { high?: string; low?: string }> = {
  vibration: {
    high: 'check the bearings, shaft alignment, balance and mounting bolts, and take a vibration spectrum to find the source',
  },
  bearing_temperature: {
    high: 'check the bearing lubrication (grease quantity and condition) and listen to the bearing for damage',
  },
  winding_temperature: {
    high: 'clean the fan cover and cooling fins, check that the fan turns, and reduce the load until the winding cools',
  },
  discharge_temperature: { high: 'clean the oil cooler, check the oil level and the thermostatic valve' },
  motor_current: { high: 'look for mechanical binding or overload and check the supply for phase imbalance' },
  current: { high: 'look for mechanical binding or overload and check the supply for phase imbalance' },
  power: { high: 'look for a binding or overloaded drive and compare the power drawn with the output' },
  flow: {
    low: 'check the suction strainer and suction line for a blockage and the valves for their position',
  },
  discharge_pressure: {
    low: 'look for leaks downstream and for internal wear (impeller, screw elements)',
    high: 'check for a closed or blocked discharge valve and the pressure setpoint',
  },
  pressure: {
    low: 'look for a leak on the monitored line (seals, flanges, fittings)',
    high: 'check the pressure regulator and relief valve',
  },
  efficiency: {
    low: 'look for leaks, fouling and worn parts, and compare the energy drawn with the useful output',
  },
  humidity: {
    high: 'look for a steam or water leak nearby and check the ventilation',
    low: 'check the humidification',
  },
  temperature: {
    high: 'check the cooling of the monitored space (fans, filters, air conditioning)',
    low: 'check the heating and insulation',
  },
  voltage: {
    high: 'check the supply (transformer taps, regulation)',
    low: 'check the supply (connections, phase balance, transformer taps)',
  },
  speed: {
    high: 'check the drive setpoint and its speed feedback',
    low: 'check the drive for overload and slip',
  },
};

export function adviceFor(metric: string, direction: 'high' | 'low'): string {
  return advice[metric]?.[direction] ?? `inspect the equipment behind ${metric} and the sensor itself`;
}
