import { DateTime } from '../../components/DateTime';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { getAnomalyContext } from './analytics-api';

/**
 * What the anomaly detector re-baselined after (a setpoint change, maintenance, a reconnection)
 * instead of alerting on it: "Anomaly detection re-baselined after speed_setpoint_rpm 2900 → 2500
 * at …". `revision` changes with the twin's desired state and reported properties, so the note is
 * read again when either changes.
 */
export function AnomalyContextNote({ deviceId, revision }: { deviceId: string; revision: string }) {
  const http = useHttp();
  const query = useQuery(['anomaly-context', deviceId, revision], (signal) =>
    getAnomalyContext(http, deviceId, signal),
  );
  const context = query.data?.context;
  if (!context) return null;
  return (
    <p className="anomaly-context" role="status">
      Anomaly detection re-baselined after {context.reason} at <DateTime value={context.at} />
      {context.active ? (
        <>
          {' '}
          (new normal being learnt until <DateTime value={context.until} />; no anomaly alert for it)
        </>
      ) : null}
      .
    </p>
  );
}
