import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Load generators run as separate processes, so the server's figures are not flattered by
 * sharing an event loop with its clients. Each worker script answers calls from the bench over
 * the IPC channel: `{id, method, args}` in, `{id, ok, result | error}` out, plus progress notes.
 */

export type WorkerName = 'publisher' | 'sockets' | 'http' | 'passthrough' | 'sqlite' | 'history';

interface Call {
  id: number;
  method: string;
  args: unknown;
}

type Reply =
  | { type: 'ready' }
  | { type: 'progress'; data: unknown }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

const benchDir = path.dirname(fileURLToPath(import.meta.url));

export interface WorkerHandle {
  readonly pid: number;
  call<T>(method: string, args?: unknown): Promise<T>;
  /** Listens to progress notes; returns the function that stops listening. */
  onProgress(listener: (data: unknown) => void): () => void;
  close(): Promise<void>;
}

/** Forks `<name>.worker.ts` (through tsx, like the server itself) and waits until it listens. */
export function spawnWorker(name: WorkerName): Promise<WorkerHandle> {
  const child: ChildProcess = fork(path.join(benchDir, `${name}.worker.ts`), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const progress: Array<(data: unknown) => void> = [];
  let nextId = 1;
  let exited: Error | undefined;

  return new Promise((resolve, reject) => {
    child.on('message', (message: Reply) => {
      if (message.type === 'ready') resolve(handle);
      else if (message.type === 'progress') progress.forEach((l) => l(message.data));
      else {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (!waiter) return;
        if (message.ok) waiter.resolve(message.result);
        else waiter.reject(new Error(`${name} worker: ${message.error}`));
      }
    });
    child.on('exit', (code, signal) => {
      exited = new Error(`${name} worker exited (${signal ?? code})`);
      for (const waiter of pending.values()) waiter.reject(exited);
      pending.clear();
      reject(exited);
    });

    const handle: WorkerHandle = {
      pid: child.pid!,
      call<T>(method: string, args: unknown = {}): Promise<T> {
        if (exited) return Promise.reject(exited);
        const id = nextId++;
        return new Promise<T>((res, rej) => {
          pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
          child.send({ id, method, args } satisfies Call);
        });
      },
      onProgress(listener) {
        progress.push(listener);
        return () => {
          const i = progress.indexOf(listener);
          if (i >= 0) progress.splice(i, 1);
        };
      },
      async close() {
        if (exited) return;
        const gone = new Promise<void>((res) => child.once('exit', () => res()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(timer);
      },
    };
  });
}

/** Spawns several workers of one kind at once. */
export const spawnWorkers = (name: WorkerName, count: number) =>
  Promise.all(Array.from({ length: count }, () => spawnWorker(name)));

/**
 * Workers kept for the whole run: starting a process through the TypeScript loader costs about
 * a second, and the quick run has no second to spare.
 */
export function createWorkerPool() {
  const pools = new Map<WorkerName, WorkerHandle[]>();
  return {
    /** The first `count` workers of a kind, spawning the missing ones. */
    async get(name: WorkerName, count: number): Promise<WorkerHandle[]> {
      const have = pools.get(name) ?? [];
      if (have.length < count) have.push(...(await spawnWorkers(name, count - have.length)));
      pools.set(name, have);
      return have.slice(0, count);
    },
    async closeAll(): Promise<void> {
      await Promise.all([...pools.values()].flat().map((w) => w.close()));
      pools.clear();
    },
  };
}

export type WorkerPool = ReturnType<typeof createWorkerPool>;

/** The worker side: answers calls with `methods`, one at a time per method call. */
export function serveWorker(methods: Record<string, (args: never) => Promise<unknown>>): void {
  const send = (reply: Reply) => process.send?.(reply);
  process.on('message', (message: Call) => {
    const method = methods[message.method];
    if (!method) {
      send({ type: 'reply', id: message.id, ok: false, error: `no method ${message.method}` });
      return;
    }
    method(message.args as never).then(
      (result) => send({ type: 'reply', id: message.id, ok: true, result }),
      (err: unknown) =>
        send({
          type: 'reply',
          id: message.id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
  });
  // The bench going away takes its workers with it.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

/** For workers: a progress note to the bench (shown during long scenarios). */
export const reportProgress = (data: unknown) => process.send?.({ type: 'progress', data } satisfies Reply);
