import {
  opcuaLimits,
  opcuaNodeClasses,
  type OpcuaBrowseItem,
  type OpcuaBrowseResponse,
} from '@dtwin/contracts/connectors-opcua';
import type { ClientSession, DataValue } from 'node-opcua';
import type { OpcuaLibrary } from './opcua-library';
import { dataTypeName, describeStatus } from './opcua-values';

type Session = ClientSession;

/** What a mapped node is: its current value and built-in data type, or why it cannot be used. */
export interface NodeCheck {
  nodeId: string;
  value?: DataValue;
  /** The DataType attribute's numeric id (ns=0), used to type writes. */
  dataType?: number;
  error?: string;
}

/** Reads the value and data type of every node in one request. */
export async function inspectNodes(
  lib: OpcuaLibrary,
  session: Session,
  nodeIds: string[],
): Promise<NodeCheck[]> {
  if (nodeIds.length === 0) return [];
  const { AttributeIds } = lib;
  const reads = nodeIds.flatMap((nodeId) => [
    { nodeId, attributeId: AttributeIds.Value },
    { nodeId, attributeId: AttributeIds.DataType },
  ]);
  const results = await session.read(reads);
  return nodeIds.map((nodeId, i) => {
    const value = results[2 * i];
    const type = results[2 * i + 1];
    if (!value || !type) return { nodeId, error: 'the server returned no result' };
    if (type.statusCode.isNotGood()) return { nodeId, error: describeStatus(type.statusCode) };
    const typeId = type.value.value as { namespace?: number; value?: unknown } | null;
    const dataType = typeId?.namespace === 0 && typeof typeId.value === 'number' ? typeId.value : undefined;
    if (value.statusCode.isNotGood() && value.statusCode.name !== 'BadWaitingForInitialData')
      return { nodeId, dataType, error: describeStatus(value.statusCode) };
    return { nodeId, value, dataType };
  });
}

/** The children of a node (hierarchical references, forward), variables with type and writability. */
export async function browseChildren(
  lib: OpcuaLibrary,
  session: Session,
  nodeId: string,
): Promise<OpcuaBrowseResponse> {
  const { AttributeIds, BrowseDirection, NodeClass } = lib;
  const result = await session.browse({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    nodeClassMask: 0,
    resultMask: 0x3f,
  });
  if (result.statusCode.isNotGood()) throw new BrowseError(`${nodeId}: ${describeStatus(result.statusCode)}`);
  if (result.continuationPoint)
    await session.browseNext([result.continuationPoint], true).catch(() => undefined);
  const references = result.references ?? [];
  const kept = references.slice(0, opcuaLimits.browseItems);
  const variables = kept.filter((r) => r.nodeClass === NodeClass.Variable);
  const attributes =
    variables.length === 0
      ? []
      : await session.read(
          variables.flatMap((r) => [
            { nodeId: r.nodeId, attributeId: AttributeIds.DataType },
            { nodeId: r.nodeId, attributeId: AttributeIds.UserAccessLevel },
          ]),
        );
  const details = new Map<string, { dataType: string | null; writable: boolean }>();
  variables.forEach((r, i) => {
    const type = attributes[2 * i];
    const access = attributes[2 * i + 1];
    const level = access?.statusCode.isGood() ? Number(access.value.value) : 0;
    details.set(r.nodeId.toString(), {
      dataType: type?.statusCode.isGood() ? dataTypeName(lib, type.value.value) : null,
      // AccessLevel bit 1 is CurrentWrite.
      writable: (level & 0x02) !== 0,
    });
  });
  const classes = new Set<string>(opcuaNodeClasses);
  const items: OpcuaBrowseItem[] = kept.map((r) => {
    const id = r.nodeId.toString();
    const className = NodeClass[r.nodeClass] ?? 'Unspecified';
    return {
      node_id: id,
      browse_name: r.browseName.toString(),
      display_name: r.displayName.text ?? r.browseName.name ?? id,
      node_class: (classes.has(className) ? className : 'Unspecified') as OpcuaBrowseItem['node_class'],
      data_type: details.get(id)?.dataType ?? null,
      writable: details.get(id)?.writable ?? false,
    };
  });
  return { node_id: nodeId, items, truncated: references.length - kept.length };
}

/** A browse the server refused (unknown node…): the caller's mistake, not ours. */
export class BrowseError extends Error {
  override name = 'BrowseError';
}
