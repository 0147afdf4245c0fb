import { connectorIdParamsSchema } from '@dtwin/contracts/connectors';
import {
  opcuaBrowseQuerySchema,
  opcuaBrowseResponseSchema,
  testReadResponseSchema,
} from '@dtwin/contracts/connectors-opcua';
import { AppError } from '../../lib/errors';
import { BrowseError } from './opcua/opcua-session-ops';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { ConnectorSession } from './connector-driver';
import type { ConnectorRuntime } from './connector-runtime';
import type { ConnectorStatusReader } from './connector-status';
import type { ConnectorsService } from './connectors.service';

const errors = errorResponses(400, 401, 403, 404, 409);

/** What an admin does with a live connection: browse an OPC UA server, read every mapping now. */
export function registerConnectorToolsRoutes(
  app: App,
  {
    connectors,
    connectorRuntime,
    connectorStatus,
  }: {
    connectors: ConnectorsService;
    connectorRuntime: Pick<ConnectorRuntime, 'session'>;
    connectorStatus: ConnectorStatusReader;
  },
) {
  const adminOnly = app.requireRole('admin');
  const tags = ['connectors'];
  const params = connectorIdParamsSchema;

  /** The connector's live session, or 409 saying why there is none. */
  async function liveSession(
    id: string,
    need: 'browse' | 'testRead',
  ): Promise<Required<Pick<ConnectorSession, typeof need>>> {
    const connector = await connectors.get(id);
    const session = connectorRuntime.session(id);
    if (!session) {
      const status = connectorStatus.of(connector);
      throw new AppError(
        'conflict',
        `connector ${id} is not connected (${status.state}${status.last_error ? `: ${status.last_error}` : ''})`,
      );
    }
    const fn = session[need];
    if (!fn)
      throw new AppError(
        'bad_request',
        `a ${connector.type} connector cannot ${need === 'browse' ? 'browse' : 'test-read'}`,
      );
    return { [need]: fn.bind(session) } as Required<Pick<ConnectorSession, typeof need>>;
  }

  app.get(
    '/api/connectors/:id/browse',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'OPC UA: the child nodes of node_id (default: the Objects folder), to pick variables',
        params,
        querystring: opcuaBrowseQuerySchema,
        response: { 200: opcuaBrowseResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { browse } = await liveSession(request.params.id, 'browse');
      try {
        return await browse(request.query.node_id);
      } catch (err) {
        // The server refused the node (unknown, invalid): the request's fault, said in its words.
        if (err instanceof BrowseError) throw new AppError('bad_request', err.message);
        throw new AppError(
          'conflict',
          `browsing failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    },
  );

  app.post(
    '/api/connectors/:id/test-read',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Reads every mapping now: its value after scale and offset, or why it cannot be read',
        params,
        response: { 200: testReadResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { testRead } = await liveSession(request.params.id, 'testRead');
      return { items: await testRead() };
    },
  );
}
