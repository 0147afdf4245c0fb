import type { DataValue, StatusCode, Variant } from 'node-opcua';
import type { OpcuaLibrary } from './opcua-library';

export interface ScaledMapping {
  scale?: number | undefined;
  offset?: number | undefined;
}

/** What a mapped variable's value becomes: numbers (scaled) and booleans; anything else is refused. */
export function readingValueOf(
  raw: unknown,
  mapping: ScaledMapping,
): { value: number | boolean } | { error: string } {
  let n: number;
  if (typeof raw === 'boolean') return { value: raw };
  if (typeof raw === 'number') n = raw;
  else if (Array.isArray(raw) && raw.length === 2 && raw.every((p) => typeof p === 'number'))
    // Int64 / UInt64 arrive as [high, low] 32-bit words.
    n = (raw[0] as number) * 2 ** 32 + (raw[1] as number);
  else
    return {
      error: `a ${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw} value is not a number or boolean`,
    };
  const value = n * (mapping.scale ?? 1) + (mapping.offset ?? 0);
  if (!Number.isFinite(value)) return { error: 'the value is not a finite number' };
  return { value };
}

/** The source timestamp (the PLC's), else the server's, else now. */
export function timestampOf(dv: DataValue, now: Date): Date {
  return dv.sourceTimestamp ?? dv.serverTimestamp ?? now;
}

const explanations: Record<string, string> = {
  BadNodeIdUnknown: 'the server has no node with this id',
  BadNodeIdInvalid: 'the node id is not valid for this server',
  BadAttributeIdInvalid: 'the node is not a variable',
  BadNotReadable: 'the variable cannot be read',
  BadNotWritable: 'the variable cannot be written',
  BadUserAccessDenied: 'this user may not access the variable',
  BadTypeMismatch: 'the value does not have the variable’s type',
  BadOutOfRange: 'the value is out of the variable’s range',
  BadWaitingForInitialData: 'the server has no value yet',
};

/** A status code in words: `BadNodeIdUnknown (the server has no node with this id)`. */
export function describeStatus(status: StatusCode): string {
  const name = status.name;
  const why = explanations[name];
  return why ? `${name} (${why})` : name;
}

/** The name of a built-in data type from a DataType attribute (`i=11` → `Double`), else its node id. */
export function dataTypeName(lib: OpcuaLibrary, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const id = value as { namespace?: number; value?: unknown; toString(): string };
  if (id.namespace === 0 && typeof id.value === 'number') {
    const name = (lib.DataType as unknown as Record<number, string>)[id.value];
    if (name) return name;
  }
  return id.toString();
}

/** The variant type for a write to a variable of the built-in type `dataType` (a DataType id). */
export function variantFor(lib: OpcuaLibrary, dataType: number, raw: number | boolean): Variant {
  const { DataType, Variant } = lib;
  if (dataType === DataType.Boolean) return new Variant({ dataType, value: Boolean(raw) });
  const n = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
  const integers = [
    DataType.SByte,
    DataType.Byte,
    DataType.Int16,
    DataType.UInt16,
    DataType.Int32,
    DataType.UInt32,
  ];
  if (integers.includes(dataType)) return new Variant({ dataType, value: Math.round(n) });
  if (dataType === DataType.Int64 || dataType === DataType.UInt64) {
    const v = Math.round(n);
    return new Variant({ dataType, value: [Math.floor(v / 2 ** 32), v >>> 0] });
  }
  if (dataType === DataType.Float || dataType === DataType.Double) return new Variant({ dataType, value: n });
  throw new Error(`cannot write a number to a variable of type ${DataType[dataType] ?? dataType}`);
}
