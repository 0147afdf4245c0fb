import type * as NodeOpcua from 'node-opcua';
import type { Logger } from '../../../lib/logger';

export type OpcuaLibrary = typeof NodeOpcua;

let loading: Promise<OpcuaLibrary> | undefined;

/**
 * node-opcua (tens of MB of code and nodesets, over a second to load) is imported on first use
 * only, so start-up time and idle memory do not grow for installations without OPC UA. Its own
 * console logging goes to our logger (warnings at debug, errors at warn).
 */
export function loadOpcua(logger: Logger): Promise<OpcuaLibrary> {
  loading ??= import('node-opcua').then((mod) => {
    const lib = ('OPCUAClient' in mod ? mod : (mod as { default: OpcuaLibrary }).default) as OpcuaLibrary;
    const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
    lib.setWarningLogger((...args: unknown[]) => logger.debug({ opcua: text(args) }, 'node-opcua warning'));
    lib.setErrorLogger((...args: unknown[]) => logger.warn({ opcua: text(args) }, 'node-opcua error'));
    lib.setDebugLogger(() => undefined);
    return lib;
  });
  return loading;
}

/**
 * node-opcua's loader for a server process: loading waits until `allow()` (called once the HTTP
 * server listens), because the import blocks the event loop for over a second.
 */
export function createOpcuaLoader(logger: Logger) {
  let allow!: () => void;
  const allowed = new Promise<void>((resolve) => (allow = resolve));
  return {
    load: async (): Promise<OpcuaLibrary> => {
      await allowed;
      return loadOpcua(logger);
    },
    allow: () => allow(),
  };
}

export type OpcuaLoader = ReturnType<typeof createOpcuaLoader>;
