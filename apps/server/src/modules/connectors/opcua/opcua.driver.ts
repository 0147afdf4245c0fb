import { opcuaConfigSchema } from '@dtwin/contracts/connectors-opcua';
import type { ConnectorDriver } from '../connector-driver';
import type { OpcuaLibrary } from './opcua-library';
import { openOpcuaSession } from './opcua-session';

/**
 * OPC UA connectors: one client session per connection, values by subscription. node-opcua is
 * loaded by `load` on the first connection of an OPC UA connector. Every connector shares one
 * client certificate, kept in `pkiFolder` (under the data directory, 0700/0600).
 */
export function createOpcuaDriver({
  load,
  pkiFolder,
}: {
  load: () => Promise<OpcuaLibrary>;
  pkiFolder: string;
}): ConnectorDriver {
  return {
    async open(ctx) {
      const lib = await load();
      const config = opcuaConfigSchema.parse(ctx.connector.config);
      const mappings = ctx.connector.mappings.map((m) => ({
        ...m,
        source: { node_id: String(m.source.node_id) },
      }));
      // Values are handed on in the order they came.
      let chain = Promise.resolve();
      const session = await openOpcuaSession({
        lib,
        config,
        mappings,
        pkiFolder,
        logger: ctx.logger,
        deliver: (values) => {
          chain = chain
            .then(() => ctx.deliver(values))
            .catch((err: unknown) => ctx.logger.error({ err }, 'could not ingest OPC UA values'));
        },
        lost: (err) => ctx.lost(err),
        mappingError: (mapping, error) => ctx.mappingError(mapping, error),
        rejected: (count, why) => {
          ctx.logger.warn({ why }, 'OPC UA value rejected');
          ctx.rejected(count);
        },
      });
      return {
        async close() {
          await session.close();
          await chain;
        },
        write: (mapping, value) =>
          session.write({ ...mapping, source: { node_id: String(mapping.source.node_id) } }, value),
        browse: (nodeId) => session.browse(nodeId),
        testRead: () => session.testRead(),
      };
    },
  };
}
