import crypto from 'node:crypto';
import type { SparkplugConfig } from '@dtwin/contracts/connectors';
import type { ResolvedConnector } from '../connectors.service';

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string) => crypto.timingSafeEqual(digest(a), digest(b));

/**
 * Edge nodes on the embedded broker: they sign in with the username and password of a running
 * Sparkplug connector (broker "embedded") and may publish only births, deaths and data of its
 * group, and subscribe only to its commands and host state.
 */
export function createSparkplugGuests(running: () => ResolvedConnector[]) {
  return {
    authenticate(username: string, password: string) {
      for (const c of running()) {
        if (c.type !== 'sparkplug_b') continue;
        const config = c.config as unknown as SparkplugConfig;
        if (config.broker !== 'embedded' || config.username !== username || !config.password) continue;
        if (!sameSecret(config.password, password)) continue;
        const prefix = `spBv1.0/${config.group_id}/`;
        return {
          name: `Sparkplug edge node of connector ${c.id}`,
          canPublish: (topic: string) =>
            topic.startsWith(prefix) &&
            /^(NBIRTH|NDEATH|DBIRTH|DDEATH|NDATA|DDATA)$/.test(topic.split('/')[2] ?? ''),
          canSubscribe: (topic: string) =>
            topic.startsWith(`${prefix}NCMD/`) ||
            topic.startsWith(`${prefix}DCMD/`) ||
            topic.startsWith('spBv1.0/STATE/'),
        };
      }
      return undefined;
    },
  };
}
