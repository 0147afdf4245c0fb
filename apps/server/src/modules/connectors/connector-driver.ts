import type { ConnectorMapping, ConnectorType, PendingDevice } from '@dtwin/contracts/connectors';
import type { OpcuaBrowseResponse, TestReadItem } from '@dtwin/contracts/connectors-opcua';
import type { Logger } from '../../lib/logger';
import type { ResolvedConnector } from './connectors.service';

/** A value read at the source for one mapping; `ts` (epoch ms) is the source's time when it has one. */
export interface SourceValue {
  mapping: ConnectorMapping;
  value: number | boolean;
  ts?: number;
}

/** What the runtime gives a driver for one connection attempt. */
export interface DriverContext {
  connector: ResolvedConnector;
  logger: Logger;
  /** Values read: scaled, then ingested like MQTT/HTTP readings (metrics) or reported (properties). */
  deliver(values: SourceValue[]): Promise<void>;
  /** The connection broke: the runtime closes the session and reconnects with backoff. */
  lost(err: Error): void;
  /** A mapping cannot be read (illegal address, wrong type…), or `null` when it reads again. */
  mappingError(mapping: ConnectorMapping, error: string | null): void;
  /** Source values that could not be used (undecodable, unmapped without auto_map…). */
  rejected(count: number): void;
  /** Devices the source says are gone (a Sparkplug death): offline at once. */
  offline(deviceIds: string[]): Promise<void>;
}

/** One live connection of a connector. */
export interface ConnectorSession {
  close(): Promise<void>;
  /** Writes a (raw, unscaled) value to a mapped source: desired state of a writable property. */
  write?(mapping: ConnectorMapping, value: number | boolean): Promise<void>;
  /** Unknown devices seen by an `auto_map` connector. */
  pending?(): PendingDevice[];
  /** Forgets a pending device (it was accepted). */
  forgetPending?(edgeNode: string, device: string | null): void;
  /** OPC UA: the children of a node, to pick variables from. */
  browse?(nodeId?: string): Promise<OpcuaBrowseResponse>;
  /** Reads every mapping now (scale and offset applied): the test-read button. */
  testRead?(): Promise<TestReadItem[]>;
}

/**
 * A connector type. `open` resolves once connected (and throws if it cannot connect, having
 * released what it opened); the session then reports values and a lost connection through `ctx`.
 */
export interface ConnectorDriver {
  open(ctx: DriverContext): Promise<ConnectorSession>;
}

export type ConnectorDrivers = Partial<Record<ConnectorType, ConnectorDriver>>;
