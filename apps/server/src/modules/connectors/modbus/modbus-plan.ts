import type { ConnectorMapping, ModbusSource } from '@dtwin/contracts/connectors';
import { pointOf, widthOf, type ModbusPoint } from './modbus-codec';

/** One read request: `length` registers (or bits) of one kind from `start`, and what they hold. */
export interface ModbusBlock {
  register: ModbusPoint['register'];
  start: number;
  length: number;
  items: Array<{ mapping: ConnectorMapping; point: ModbusPoint }>;
}

/** The most one request may read (Modbus: 125 registers, 2000 bits). */
const maxLength = (register: ModbusPoint['register']) =>
  register === 'coil' || register === 'discrete' ? 2000 : 125;

/**
 * Groups mappings into as few reads as possible: points of one kind whose addresses are
 * contiguous (or overlap) are read in one request, up to the protocol's maximum length.
 */
export function planBlocks(mappings: ConnectorMapping[]): ModbusBlock[] {
  const points = mappings
    .map((mapping) => ({ mapping, point: pointOf(mapping.source as ModbusSource) }))
    .sort((a, b) => a.point.register.localeCompare(b.point.register) || a.point.address - b.point.address);
  const blocks: ModbusBlock[] = [];
  for (const item of points) {
    const { register, address, type } = item.point;
    const end = address + widthOf(type);
    const last = blocks.at(-1);
    if (
      last &&
      last.register === register &&
      address <= last.start + last.length &&
      Math.max(end, last.start + last.length) - last.start <= maxLength(register)
    ) {
      last.length = Math.max(end, last.start + last.length) - last.start;
      last.items.push(item);
    } else blocks.push({ register, start: address, length: end - address, items: [item] });
  }
  return blocks;
}
