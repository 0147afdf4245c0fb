import type { ModbusSource, ModbusValueType } from '@dtwin/contracts/connectors';

/** A mapping's source with its defaults applied. */
export interface ModbusPoint {
  register: ModbusSource['register'];
  address: number;
  type: ModbusValueType;
  wordOrder: 'big' | 'little';
}

export function pointOf(source: ModbusSource): ModbusPoint {
  const bits = source.register === 'coil' || source.register === 'discrete';
  return {
    register: source.register,
    address: source.address,
    type: source.type ?? (bits ? 'bool' : 'uint16'),
    wordOrder: source.word_order ?? 'big',
  };
}

/** How many registers (or bits) a value of this type takes. */
export function widthOf(type: ModbusValueType): number {
  switch (type) {
    case 'int32':
    case 'uint32':
    case 'float32':
      return 2;
    case 'float64':
      return 4;
    default:
      return 1;
  }
}

/** Registers in the order the value's bytes go (big-endian): `little` word order reverses them. */
const inByteOrder = (words: number[], wordOrder: 'big' | 'little') =>
  wordOrder === 'little' ? [...words].reverse() : words;

/** The value of `type` held in 16-bit `words` (already the right count). */
export function decodeWords(words: number[], type: ModbusValueType, wordOrder: 'big' | 'little'): number {
  const buf = Buffer.alloc(words.length * 2);
  inByteOrder(words, wordOrder).forEach((w, i) => buf.writeUInt16BE(w & 0xffff, i * 2));
  switch (type) {
    case 'int16':
      return buf.readInt16BE(0);
    case 'uint16':
      return buf.readUInt16BE(0);
    case 'int32':
      return buf.readInt32BE(0);
    case 'uint32':
      return buf.readUInt32BE(0);
    case 'float32':
      return buf.readFloatBE(0);
    case 'float64':
      return buf.readDoubleBE(0);
    case 'bool':
      return buf.readUInt16BE(0) === 0 ? 0 : 1;
  }
}

/** The 16-bit words that hold `value` as `type`; throws when it does not fit. */
export function encodeWords(value: number, type: ModbusValueType, wordOrder: 'big' | 'little'): number[] {
  if (!Number.isFinite(value)) throw new Error('the value is not a finite number');
  const integer = type !== 'float32' && type !== 'float64';
  const v = integer ? Math.round(value) : value;
  const ranges: Partial<Record<ModbusValueType, [number, number]>> = {
    int16: [-32_768, 32_767],
    uint16: [0, 65_535],
    int32: [-2_147_483_648, 2_147_483_647],
    uint32: [0, 4_294_967_295],
    bool: [0, 1],
  };
  const range = ranges[type];
  if (range && (v < range[0] || v > range[1]))
    throw new Error(`${value} does not fit in ${type} (${range[0]}…${range[1]})`);
  const buf = Buffer.alloc(widthOf(type) * 2);
  switch (type) {
    case 'int16':
      buf.writeInt16BE(v, 0);
      break;
    case 'uint16':
    case 'bool':
      buf.writeUInt16BE(v, 0);
      break;
    case 'int32':
      buf.writeInt32BE(v, 0);
      break;
    case 'uint32':
      buf.writeUInt32BE(v, 0);
      break;
    case 'float32':
      buf.writeFloatBE(v, 0);
      break;
    case 'float64':
      buf.writeDoubleBE(v, 0);
      break;
  }
  const words = Array.from({ length: buf.length / 2 }, (_, i) => buf.readUInt16BE(i * 2));
  return inByteOrder(words, wordOrder);
}
