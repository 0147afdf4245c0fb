import net from 'node:net';
import type { ServerTCP as ServerTCPType } from 'modbus-serial';

/** Registers and bits of one Modbus device; addresses outside `size` are illegal (exception 2). */
export interface RegisterBank {
  holding: Uint16Array;
  input: Uint16Array;
  coils: boolean[];
  discrete: boolean[];
}

export function createRegisterBank(size = 1000): RegisterBank {
  return {
    holding: new Uint16Array(size),
    input: new Uint16Array(size),
    coils: Array.from({ length: size }, () => false),
    discrete: Array.from({ length: size }, () => false),
  };
}

/** Writes a float32 (big-endian words) at `address`: how most PLCs lay out a REAL. */
export function setFloat32(
  words: Uint16Array,
  address: number,
  value: number,
  wordOrder: 'big' | 'little' = 'big',
) {
  const buf = Buffer.alloc(4);
  buf.writeFloatBE(value, 0);
  const [hi, lo] = [buf.readUInt16BE(0), buf.readUInt16BE(2)];
  words[address] = wordOrder === 'big' ? hi : lo;
  words[address + 1] = wordOrder === 'big' ? lo : hi;
}

const illegal = () => Object.assign(new Error('illegal data address'), { modbusErrorCode: 2 });

function at<T>(values: ArrayLike<T>, address: number): T {
  if (address < 0 || address >= values.length) throw illegal();
  return values[address]!;
}

/** A port nobody listens on now. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A request the server answered: which kind, from where and how many (tests check grouping). */
export interface ModbusRequest {
  kind: 'holding' | 'input' | 'coil' | 'discrete';
  address: number;
  length: number;
}

/**
 * A real Modbus TCP server (modbus-serial's ServerTCP) serving banks by unit id: the simulated
 * plant's machines, and the server the connector tests poll.
 */
export async function startModbusServer(
  banks: Map<number, RegisterBank>,
  options: { host?: string; port?: number; onWrite?: (unitId: number) => void } = {},
) {
  const requests: ModbusRequest[] = [];
  const bank = (unitId: number) => {
    const found = banks.get(unitId);
    if (!found) throw Object.assign(new Error('no such unit'), { modbusErrorCode: 11 });
    return found;
  };
  const log = (kind: ModbusRequest['kind'], address: number, length: number) => {
    if (requests.length >= 10_000) requests.splice(0, 5000);
    requests.push({ kind, address, length });
  };
  const many = (kind: 'holding' | 'input') => (address: number, length: number, unitId: number) => {
    log(kind, address, length);
    const words = bank(unitId)[kind];
    return Array.from({ length }, (_, i) => at(words, address + i));
  };
  const vector = {
    getMultipleHoldingRegisters: many('holding'),
    getMultipleInputRegisters: many('input'),
    getHoldingRegister: (address: number, unitId: number) => {
      log('holding', address, 1);
      return at(bank(unitId).holding, address);
    },
    getInputRegister: (address: number, unitId: number) => {
      log('input', address, 1);
      return at(bank(unitId).input, address);
    },
    getCoil: (address: number, unitId: number) => at(bank(unitId).coils, address),
    getDiscreteInput: (address: number, unitId: number) => at(bank(unitId).discrete, address),
    setRegister: (address: number, value: number, unitId: number) => {
      const words = bank(unitId).holding;
      at(words, address);
      words[address] = value;
      options.onWrite?.(unitId);
    },
    setCoil: (address: number, value: boolean, unitId: number) => {
      const bits = bank(unitId).coils;
      at(bits, address);
      bits[address] = value;
      options.onWrite?.(unitId);
    },
  };
  const host = options.host ?? '127.0.0.1';
  // ServerTCP takes port 0 for its default 502, so a free port is found first.
  const port = options.port || (await freePort(host));
  // Loaded here, not at every start (about 10 MB). The CommonJS module carries ServerTCP as a
  // property of its default export.
  const { default: ModbusRTU } = await import('modbus-serial');
  const { ServerTCP } = ModbusRTU as unknown as { ServerTCP: typeof ServerTCPType };
  const server = new ServerTCP(vector, { host, port, unitID: 255 });
  await new Promise<void>((resolve, reject) => {
    server.once('initialized', () => resolve());
    server.once('serverError', (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
  });
  server.on('socketError', () => undefined);
  return {
    host,
    port,
    requests,
    /** Closes the server and every connection to it. */
    stop: () =>
      new Promise<void>((resolve) => {
        for (const sock of (server as unknown as { socks: Map<{ destroy(): void }, 0> }).socks.keys())
          sock.destroy();
        server.close(() => resolve());
      }),
  };
}

export type ModbusServer = Awaited<ReturnType<typeof startModbusServer>>;
