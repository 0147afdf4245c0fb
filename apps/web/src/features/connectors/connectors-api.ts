import {
  connectorListSchema,
  connectorResponseSchema,
  type Connector,
  type CreateConnectorBody,
  type UpdateConnectorBody,
} from '@dtwin/contracts/connectors';
import {
  opcuaBrowseResponseSchema,
  testReadResponseSchema,
  type OpcuaBrowseResponse,
  type TestReadItem,
} from '@dtwin/contracts/connectors-opcua';
import type { HttpClient } from '../../lib/http';

/** `GET /api/connectors` → every connector with its live status, secrets left out. */
export async function listConnectors(http: HttpClient, signal?: AbortSignal) {
  return (await http.get('/api/connectors', { schema: connectorListSchema, signal })).items;
}

export async function createConnector(http: HttpClient, body: CreateConnectorBody): Promise<Connector> {
  return (await http.post('/api/connectors', { body, schema: connectorResponseSchema })).connector;
}

/** `PATCH /api/connectors/{id}`: a secret left out is kept. */
export async function updateConnector(
  http: HttpClient,
  id: string,
  body: UpdateConnectorBody,
): Promise<Connector> {
  return (
    await http.patch(`/api/connectors/${encodeURIComponent(id)}`, { body, schema: connectorResponseSchema })
  ).connector;
}

export async function deleteConnector(http: HttpClient, id: string): Promise<void> {
  await http.delete(`/api/connectors/${encodeURIComponent(id)}`);
}

/** `GET /api/connectors/{id}/browse?node_id=`: an OPC UA node's children. */
export function browseConnector(
  http: HttpClient,
  id: string,
  nodeId?: string,
  signal?: AbortSignal,
): Promise<OpcuaBrowseResponse> {
  return http.get(`/api/connectors/${encodeURIComponent(id)}/browse`, {
    query: nodeId ? { node_id: nodeId } : {},
    schema: opcuaBrowseResponseSchema,
    signal,
  });
}

/** `POST /api/connectors/{id}/test-read`: every mapping read now. */
export async function testReadConnector(http: HttpClient, id: string): Promise<TestReadItem[]> {
  return (
    await http.post(`/api/connectors/${encodeURIComponent(id)}/test-read`, { schema: testReadResponseSchema })
  ).items;
}
