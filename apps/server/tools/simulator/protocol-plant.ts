import { createRegisterBank, setFloat32, startModbusServer } from './modbus-server';

/**
 * Machines of the simulated plant that speak plant protocols instead of our MQTT JSON: a pump
 * behind a Modbus TCP PLC and a motor behind a Sparkplug B edge node. Register map of the PLC
 * (unit 1), as docs/connectors.md shows it:
 *
 *   holding 0      flow × 10 (uint16, m³/h)       input 0   motor current × 10 (uint16, A)
 *   holding 1–2    discharge pressure (float32)   input 1   vibration × 100 (uint16, mm/s)
 *   holding 3–4    bearing temperature (float32)  coil 0    running (writable)
 *   holding 10     speed setpoint rpm (writable)
 */
export const plantModbusLayout = {
  unitId: 1,
  flow: 0,
  dischargePressure: 1,
  bearingTemperature: 3,
  speedSetpoint: 10,
  motorCurrent: 0,
  vibration: 1,
  running: 0,
} as const;

export const plantSparkplug = { group: 'sim-plant', edgeNode: 'line-2', device: 'motor1' } as const;

const wave = (t: number, period: number, amplitude: number) =>
  amplitude * Math.sin((2 * Math.PI * t) / period);

export async function startProtocolPlant(options: {
  mqttUrl: string;
  edge: { username: string; password: string };
  modbusHost?: string;
}) {
  const bank = createRegisterBank(64);
  const L = plantModbusLayout;
  bank.holding[L.speedSetpoint] = 2900;
  bank.coils[L.running] = true;

  function stepPump(t: number) {
    const running = bank.coils[L.running] === true;
    const load = running ? (bank.holding[L.speedSetpoint] ?? 0) / 2900 : 0;
    bank.holding[L.flow] = Math.max(0, Math.round((62 * load + wave(t, 90, 3)) * 10));
    setFloat32(bank.holding, L.dischargePressure, running ? 6 * load * load + wave(t, 60, 0.2) : 0);
    setFloat32(bank.holding, L.bearingTemperature, 35 + 20 * load + wave(t, 300, 1.5));
    bank.input[L.motorCurrent] = Math.round((4 + 28 * load + wave(t, 45, 0.8)) * 10);
    bank.input[L.vibration] = Math.round(Math.max(0, 0.3 + 1.2 * load + wave(t, 20, 0.1)) * 100);
  }
  stepPump(0);
  const modbus = await startModbusServer(new Map([[L.unitId, bank]]), {
    host: options.modbusHost ?? '127.0.0.1',
  });

  const motor = { 'Speed SP': 1480 } as Record<string, number>;
  const motorMetrics = (t: number) => {
    const load = motor['Speed SP']! / 1480;
    return {
      Speed: Math.round(motor['Speed SP']! - 15 + wave(t, 30, 3)),
      Current: 25 + 20 * load + wave(t, 40, 1),
      'Winding Temperature': 50 + 25 * load + wave(t, 400, 2),
      Vibration: 0.8 + 0.8 * load + wave(t, 15, 0.1),
      Voltage: 400 + wave(t, 120, 4),
      Power: 12 + 14 * load + wave(t, 50, 0.6),
      'Speed SP': motor['Speed SP']!,
    };
  };
  // On demand: the server imports this module's layout at every start, mqtt.js only with a plant.
  const { startEdgeNode } = await import('./sparkplug-edge-node');
  const edge = await startEdgeNode({
    url: options.mqttUrl,
    group: plantSparkplug.group,
    edgeNode: plantSparkplug.edgeNode,
    devices: [{ name: plantSparkplug.device, metrics: motorMetrics(0) }],
    ...options.edge,
    onCommand: (_device, metric, value) => {
      if (metric === 'Speed SP' && typeof value === 'number') motor['Speed SP'] = value;
    },
  });

  const started = Date.now();
  const timer = setInterval(() => {
    const t = (Date.now() - started) / 1000;
    stepPump(t);
    const { 'Speed SP': _setpoint, ...measured } = motorMetrics(t);
    void edge.set(plantSparkplug.device, measured).catch(() => undefined);
  }, 1000);

  return {
    modbusPort: modbus.port,
    modbusHost: modbus.host,
    async stop(): Promise<void> {
      clearInterval(timer);
      await edge.stop();
      await modbus.stop();
    },
  };
}
