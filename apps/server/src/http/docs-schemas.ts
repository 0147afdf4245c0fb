import * as alerts from '@dtwin/contracts/alerts';
import * as assets from '@dtwin/contracts/assets';
import * as audit from '@dtwin/contracts/audit';
import * as auth from '@dtwin/contracts/auth';
import * as dashboard from '@dtwin/contracts/dashboard';
import * as devices from '@dtwin/contracts/devices';
import * as errors from '@dtwin/contracts/errors';
import * as health from '@dtwin/contracts/health';
import * as jobs from '@dtwin/contracts/jobs';
import * as models from '@dtwin/contracts/models';
import * as notifications from '@dtwin/contracts/notifications';
import * as patterns from '@dtwin/contracts/patterns';
import * as predictions from '@dtwin/contracts/predictions';
import * as recommendations from '@dtwin/contracts/recommendations';
import * as reportSchedules from '@dtwin/contracts/report-schedules';
import * as reports from '@dtwin/contracts/reports';
import * as system from '@dtwin/contracts/system';
import * as telemetry from '@dtwin/contracts/telemetry';
import * as twin from '@dtwin/contracts/twin';
import * as users from '@dtwin/contracts/users';
import { z } from 'zod';

const modules = [
  alerts,
  assets,
  audit,
  auth,
  dashboard,
  devices,
  errors,
  health,
  jobs,
  models,
  notifications,
  patterns,
  predictions,
  recommendations,
  reportSchedules,
  reports,
  system,
  telemetry,
  twin,
  users,
];

/**
 * Every object shape of the HTTP contracts (bodies and answers) (`deviceSchema` → `Device`), so the OpenAPI document
 * lists them in `components.schemas` and routes refer to them by name.
 */
export function contractRegistry() {
  const registry = z.registry<{ id?: string }>();
  const seen = new Set<string>();
  for (const module of modules) {
    for (const [name, value] of Object.entries(module)) {
      // Lazy ones are recursive (the asset tree): they must be named to refer to themselves.
      if (!name.endsWith('Schema') || !(value instanceof z.ZodObject || value instanceof z.ZodLazy)) continue;
      // Query strings and path parameters are documented inline (OpenAPI lists them one by one).
      if (/(Query|Params)Schema$/.test(name)) continue;
      const id = name.charAt(0).toUpperCase() + name.slice(1, -'Schema'.length);
      if (seen.has(id) || registry.has(value)) continue;
      seen.add(id);
      registry.add(value, { id });
    }
  }
  return registry;
}
