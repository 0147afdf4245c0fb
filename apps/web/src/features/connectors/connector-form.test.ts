import { describe, expect, it } from 'vitest';
import { createBodyFromValues, defaultConfig, emptyMapping, updateBodyFromValues } from './connector-form';

describe('connector form values → API bodies', () => {
  it('builds an OPC UA body with numbers, a scaled mapping, and no empty optional fields', () => {
    const result = createBodyFromValues({
      id: 'plc-1',
      type: 'opcua',
      enabled: true,
      config: { ...defaultConfig.opcua, endpoint_url: 'opc.tcp://plc:4840', username: '' },
      mappings: [
        {
          device_id: 'PUMP_1',
          metric: 'flow',
          source: { node_id: 'ns=2;s=Pump1.Flow' },
          scale: '0.1',
          offset: '',
        },
      ],
    });
    expect(result).toEqual({
      body: {
        id: 'plc-1',
        type: 'opcua',
        enabled: true,
        config: {
          endpoint_url: 'opc.tcp://plc:4840',
          security_mode: 'None',
          security_policy: 'None',
          sampling_interval_ms: 500,
        },
        mappings: [
          { device_id: 'PUMP_1', metric: 'flow', source: { node_id: 'ns=2;s=Pump1.Flow' }, scale: 0.1 },
        ],
      },
    });
  });

  it('says what is wrong, by field, before sending', () => {
    const bad = createBodyFromValues({
      id: 'plc-1',
      type: 'opcua',
      enabled: true,
      config: { ...defaultConfig.opcua, endpoint_url: 'http://plc' },
      mappings: [],
    });
    expect(bad).toEqual({ error: expect.stringMatching(/^config\.endpoint_url: an opc\.tcp:/) });
    const badNode = createBodyFromValues({
      id: 'plc-1',
      type: 'opcua',
      enabled: true,
      config: { ...defaultConfig.opcua, endpoint_url: 'opc.tcp://plc:4840' },
      mappings: [
        { ...emptyMapping('opcua'), device_id: 'PUMP_1', metric: 'flow', source: { node_id: 'Pump1' } },
      ],
    });
    expect(badNode).toEqual({ error: expect.stringMatching(/^mappings\.0\.source\.node_id: /) });
  });

  it('turns Modbus addresses into numbers and leaves an empty password out of a change', () => {
    const change = updateBodyFromValues({
      id: 'm',
      type: 'modbus_tcp',
      enabled: false,
      config: { ...defaultConfig.modbus_tcp, host: '10.0.0.5' },
      mappings: [
        {
          device_id: 'P',
          metric: 'flow',
          source: { register: 'holding', address: '4', type: '', word_order: '' },
          scale: '',
          offset: '',
        },
      ],
    });
    expect(change.config).toEqual({
      host: '10.0.0.5',
      port: 502,
      unit_id: 1,
      poll_interval_ms: 1000,
      timeout_ms: 2000,
    });
    expect(change.mappings).toEqual([
      { device_id: 'P', metric: 'flow', source: { register: 'holding', address: 4 } },
    ]);
    expect(change.enabled).toBe(false);
  });
});
