import type { ConnectorMapping, ModbusConfig, ModbusSource } from '@dtwin/contracts/connectors';
import type ModbusRTU from 'modbus-serial';
import type { TestReadItem } from '@dtwin/contracts/connectors-opcua';
import type { ConnectorDriver, ConnectorSession, DriverContext, SourceValue } from '../connector-driver';
import { scaled } from '../connector-sink';
import { decodeWords, encodeWords, pointOf, widthOf } from './modbus-codec';
import { planBlocks, type ModbusBlock } from './modbus-plan';

/** Modbus exception codes a server answers with (the mapping is wrong, not the connection). */
const exceptions: Record<number, string> = {
  1: 'illegal function (this server does not serve that register kind)',
  2: 'illegal data address (no such register on the device)',
  3: 'illegal data value',
  4: 'server device failure',
  6: 'server device busy',
};

const exceptionOf = (err: unknown): string | undefined => {
  const code = (err as { modbusCode?: number } | undefined)?.modbusCode;
  return code === undefined ? undefined : (exceptions[code] ?? `Modbus exception ${code}`);
};

type Client = InstanceType<typeof ModbusRTU>;

async function readBlock(client: Client, block: Pick<ModbusBlock, 'register' | 'start' | 'length'>) {
  switch (block.register) {
    case 'holding':
      return (await client.readHoldingRegisters(block.start, block.length)).data;
    case 'input':
      return (await client.readInputRegisters(block.start, block.length)).data;
    case 'coil':
      return (await client.readCoils(block.start, block.length)).data.map(Number);
    case 'discrete':
      return (await client.readDiscreteInputs(block.start, block.length)).data.map(Number);
  }
}

/**
 * Modbus TCP (modbus-serial): polls every `poll_interval_ms`, contiguous registers in one request.
 * A Modbus exception marks the mappings it concerns (read alone from then on, so one bad address
 * does not stop the others); a timeout or a closed socket is a lost connection.
 */
export function createModbusDriver(): ConnectorDriver {
  return {
    async open(ctx: DriverContext): Promise<ConnectorSession> {
      const config = ctx.connector.config as unknown as ModbusConfig;
      // Loaded with the first Modbus connector, not at every start (about 10 MB with serialport).
      const { default: ModbusClient } = await import('modbus-serial');
      const client = new ModbusClient();
      let closed = false;
      try {
        await client.connectTCP(config.host, { port: config.port, timeout: config.timeout_ms });
      } catch (err) {
        client.close(() => undefined);
        throw new Error(
          `cannot connect to ${config.host}:${config.port}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      client.setID(config.unit_id);
      client.setTimeout(config.timeout_ms);

      const mappings = ctx.connector.mappings;
      const bad = new Set<ConnectorMapping>();
      let blocks = planBlocks(mappings);
      const replan = () => (blocks = planBlocks(mappings.filter((m) => !bad.has(m))));

      const valuesOf = (block: ModbusBlock, data: number[], ts: number): SourceValue[] => {
        const values: SourceValue[] = [];
        for (const { mapping, point } of block.items) {
          const offset = point.address - block.start;
          const words = data.slice(offset, offset + widthOf(point.type));
          const value = decodeWords(words, point.type, point.wordOrder);
          if (!Number.isFinite(value)) {
            ctx.mappingError(
              mapping,
              `${point.type} value is not a finite number (wrong type or word order?)`,
            );
            continue;
          }
          ctx.mappingError(mapping, null);
          values.push({ mapping, value: point.type === 'bool' ? value === 1 : value, ts });
        }
        return values;
      };

      /** Reads the block; a Modbus exception is the mappings' fault, anything else the connection's. */
      async function read(block: ModbusBlock, ts: number): Promise<SourceValue[]> {
        try {
          return valuesOf(block, await readBlock(client, block), ts);
        } catch (err) {
          const exception = exceptionOf(err);
          if (!exception) throw err;
          if (block.items.length === 1) {
            const { mapping } = block.items[0]!;
            ctx.mappingError(mapping, exception);
            if (!bad.has(mapping)) {
              bad.add(mapping);
              replan();
            }
            return [];
          }
          // Which of them is wrong: each is read alone from now on, until it reads again.
          for (const { mapping } of block.items) bad.add(mapping);
          replan();
          const values: SourceValue[] = [];
          for (const item of block.items)
            values.push(
              ...(await read(
                { ...item.point, start: item.point.address, length: widthOf(item.point.type), items: [item] },
                ts,
              )),
            );
          return values;
        }
      }

      let timer: NodeJS.Timeout | undefined;
      let polling: Promise<void> = Promise.resolve();
      let busy = false;
      let soon = false;
      async function poll(): Promise<void> {
        const ts = Date.now();
        const values: SourceValue[] = [];
        for (const block of blocks) values.push(...(await read(block, ts)));
        for (const mapping of [...bad]) {
          const point = pointOf(mapping.source as ModbusSource);
          const alone = {
            register: point.register,
            start: point.address,
            length: widthOf(point.type),
            items: [{ mapping, point }],
          };
          const got = await read(alone, ts);
          if (got.length > 0) {
            bad.delete(mapping);
            replan();
          }
          values.push(...got);
        }
        if (values.length > 0) await ctx.deliver(values);
      }
      const schedule = (delay: number) => {
        if (closed) return;
        clearTimeout(timer);
        timer = setTimeout(() => void run(), delay);
      };
      async function run(): Promise<void> {
        busy = true;
        polling = poll();
        try {
          await polling;
          busy = false;
          schedule(soon ? 0 : config.poll_interval_ms);
          soon = false;
        } catch (err) {
          busy = false;
          if (!closed) ctx.lost(err instanceof Error ? err : new Error(String(err)));
        }
      }
      /** Polls at once (after a write), or right after the poll under way. */
      const wake = () => (busy ? (soon = true) : schedule(0));
      client.on('close', () => {
        if (!closed) ctx.lost(new Error(`the connection to ${config.host}:${config.port} closed`));
      });
      schedule(0);

      return {
        async close() {
          closed = true;
          clearTimeout(timer);
          await polling.catch(() => undefined);
          await new Promise<void>((resolve) => client.close(() => resolve()));
        },

        /** Reads every mapping now, each on its own (scale and offset applied): the test-read button. */
        async testRead(): Promise<TestReadItem[]> {
          const items: TestReadItem[] = [];
          for (const mapping of mappings) {
            const point = pointOf(mapping.source as ModbusSource);
            const base = { device_id: mapping.device_id, metric: mapping.metric, source_timestamp: null };
            try {
              const words = await readBlock(client, {
                register: point.register,
                start: point.address,
                length: widthOf(point.type),
              });
              const raw = decodeWords(words, point.type, point.wordOrder);
              items.push(
                Number.isFinite(raw)
                  ? {
                      ...base,
                      value: point.type === 'bool' ? raw === 1 : scaled(raw, mapping.scale, mapping.offset),
                      error: null,
                    }
                  : { ...base, value: null, error: `${point.type} value is not a finite number` },
              );
            } catch (err) {
              const exception = exceptionOf(err);
              if (!exception) throw err;
              items.push({ ...base, value: null, error: exception });
            }
          }
          return items;
        },

        async write(mapping: ConnectorMapping, value: number | boolean) {
          const point = pointOf(mapping.source as ModbusSource);
          if (point.register === 'input' || point.register === 'discrete')
            throw new Error(`${point.register} registers are read-only`);
          if (point.register === 'coil') await client.writeCoil(point.address, Boolean(value));
          else {
            const words = encodeWords(Number(value), point.type, point.wordOrder);
            if (words.length === 1) await client.writeRegister(point.address, words[0]!);
            else await client.writeRegisters(point.address, words);
          }
          // Read back at once: the twin's reported value follows what the device now holds.
          wake();
        },
      };
    },
  };
}
