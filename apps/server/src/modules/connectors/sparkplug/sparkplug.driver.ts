import crypto from 'node:crypto';
import type { ConnectorMapping, SparkplugConfig, SparkplugSource } from '@dtwin/contracts/connectors';
import type { Clock } from '../../../lib/clock';
import type { ConnectorDriver, ConnectorSession, DriverContext } from '../connector-driver';
import { encodeSparkplug, sparkplugTopic } from './sparkplug-codec';
import { createSparkplugSession } from './sparkplug-session';
import { openEmbedded, type LocalBrokerLink, type SparkplugTransport } from './sparkplug-transport';

/**
 * Sparkplug B as a host application: subscribes to spBv1.0/{group}/# on the embedded broker (edge
 * nodes sign in with the connector's username and password) or on an external broker.
 */
export function createSparkplugDriver({
  localBroker,
  clock,
}: {
  localBroker: LocalBrokerLink;
  clock: Clock;
}): ConnectorDriver {
  return {
    async open(ctx: DriverContext): Promise<ConnectorSession> {
      const config = ctx.connector.config as unknown as SparkplugConfig;
      const transport: SparkplugTransport =
        config.broker === 'embedded'
          ? openEmbedded(localBroker)
          : await (
              await import('./sparkplug-external')
            ).openExternal(
              {
                url: config.url ?? '',
                ...(config.username ? { username: config.username } : {}),
                ...(config.password ? { password: config.password } : {}),
                clientId: `dtwin-sparkplug-${ctx.connector.id}-${crypto.randomBytes(3).toString('hex')}`,
                timeoutMs: 5000,
              },
              ctx.lost,
            );
      const session = createSparkplugSession(ctx, {
        group: config.group_id,
        autoMap: config.auto_map,
        publish: (topic, payload) => transport.publish(topic, payload),
        // Rebirth requests are rate-limited in real time: the server's clock may be a test's.
        now: () => Math.max(clock.now(), Date.now()),
      });
      try {
        await transport.subscribe(`spBv1.0/${config.group_id}/#`, (topic, payload) =>
          session.receive(topic, payload),
        );
      } catch (err) {
        await transport.close();
        throw err;
      }
      return {
        async close() {
          await transport.close();
          await session.settled();
        },
        pending: session.pending,
        forgetPending: session.forgetPending,
        /** A command to the device (DCMD) or node (NCMD) setting the mapped metric. */
        async write(mapping: ConnectorMapping, value: number | boolean) {
          const source = mapping.source as SparkplugSource;
          const topic = sparkplugTopic(
            config.group_id,
            source.device ? 'DCMD' : 'NCMD',
            source.edge_node,
            source.device,
          );
          const metric =
            typeof value === 'boolean'
              ? { name: source.metric, type: 'Boolean' as const, value }
              : { name: source.metric, type: 'Double' as const, value };
          await transport.publish(topic, encodeSparkplug({ timestamp: Date.now(), metrics: [metric] }));
        },
      };
    },
  };
}
