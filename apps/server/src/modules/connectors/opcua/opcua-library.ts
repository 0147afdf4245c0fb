import type * as NodeOpcua from 'node-opcua';
import type { Logger } from '../../../lib/logger';

export type OpcuaLibrary = typeof NodeOpcua;

let loading: Promise<OpcuaLibrary> | undefined;

/**
 * node-opcua (about 60 MB of code and nodesets) is loaded on first use only, when an OPC UA
 * connector or the simulated OPC UA server is enabled, so start-up time and idle memory do not
 * grow for everyone else. Its own console logging goes to our logger (warnings and errors only).
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
