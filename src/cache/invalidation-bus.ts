/**
 * Tells every process that cached data changed. A process caches statuses, sessions and venues it has
 * read, and holds rule sets, partners and signing keys in memory; when one process changes them (after the
 * commit), all the others drop or reload their copies:
 *
 * - one process: nothing to tell;
 * - `--workers N` on one machine without Redis: through the cluster primary, which relays to the others;
 * - with REDIS_URL: over Redis pub/sub, to every process on every machine.
 *
 * The same messages announce recompute jobs, which every process takes a share of (jobs.service.ts).
 *
 * A message can be lost (a process dies between commit and publish, Redis restarts), so caches also
 * expire on their own after a short time, and a process that lost its Redis subscription clears them.
 *
 * The command line (`healthcode import`, `admin disable`, `keys rotate`) runs in a process of its own. With Redis it
 * publishes like any other; without, it tells the servers of its machine over a local socket in the data
 * directory, and they drop everything they cache (such commands are rare, and say little of what changed).
 */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { isMessageOfType } from '../shared/process-messages.ts';

export type CacheTopic = 'status' | 'session' | 'account' | 'venue' | 'rules' | 'partner' | 'signing_key' | 'risk_area' | 'job';
/** The keys that changed, or null: anything may have changed, drop everything. */
export type InvalidationHandler = (keys: string[] | null) => void;

export interface InvalidationBus {
  /** Drops `keys` of `topic` in this process at once and in every other process shortly after. */
  publish(topic: CacheTopic, keys: string[]): void;
  on(topic: CacheTopic, handler: InvalidationHandler): void;
  /** Drops everything this process caches and reloads what it holds (told so by the command line). */
  dropEverything(): void;
  close(): void;
}

const MESSAGE_TYPE = 'healthcode:invalidate';
const REDIS_CHANNEL = 'healthcode:invalidate';

interface Message {
  type: typeof MESSAGE_TYPE;
  origin: string;
  topic: CacheTopic;
  keys: string[];
}

const isMessage = (value: unknown): value is Message => isMessageOfType<Message>(value, MESSAGE_TYPE);

/** From the cluster primary to its workers: the command line changed the store. */
const DROP_EVERYTHING = 'healthcode:drop-everything';

export function createInvalidationBus(options: { redis: Redis | null; log: (error: unknown) => void }): InvalidationBus {
  const origin = randomUUID();
  const handlers = new Map<CacheTopic, InvalidationHandler[]>();
  const deliver = (topic: CacheTopic, keys: string[] | null) => {
    for (const handler of handlers.get(topic) ?? []) handler(keys);
  };
  const deliverEverywhere = (keys: null) => {
    for (const topic of handlers.keys()) deliver(topic, keys);
  };
  const receive = (message: unknown) => {
    if (isMessage(message) && message.origin !== origin) deliver(message.topic, message.keys);
  };

  let send: (message: Message) => void = () => undefined;
  let close: () => void = () => undefined;
  if (options.redis) {
    const publisher = options.redis;
    // A connection in subscriber mode can do nothing else, so it is a second one.
    const subscriber = publisher.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    let connectedBefore = false;
    subscriber.on('ready', () => {
      // Messages sent while the subscription was down are lost: drop everything cached instead.
      if (connectedBefore) deliverEverywhere(null);
      connectedBefore = true;
    });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, text: string) => {
      try {
        receive(JSON.parse(text));
      } catch (error) {
        options.log(error);
      }
    });
    let closed = false;
    // A short-lived process (migrations before the workers start) closes before the subscription is made.
    void subscriber.subscribe(REDIS_CHANNEL).catch((error: unknown) => closed || options.log(error));
    // While Redis is away every change fails to publish: said once, until a publish gets through again.
    let publishing = true;
    send = (message) =>
      void publisher.publish(REDIS_CHANNEL, JSON.stringify(message)).then(
        () => (publishing = true),
        (error: unknown) => {
          if (publishing) options.log(error);
          publishing = false;
        },
      );
    close = () => {
      closed = true;
      subscriber.disconnect();
    };
  } else if (cluster.isWorker) {
    const receiveFromPrimary = (message: unknown) => {
      if (isMessageOfType(message, DROP_EVERYTHING)) deliverEverywhere(null);
      else receive(message);
    };
    process.on('message', receiveFromPrimary);
    send = (message) => process.send?.(message);
    close = () => void process.off('message', receiveFromPrimary);
  }

  return {
    publish(topic, keys) {
      if (keys.length === 0) return;
      deliver(topic, keys);
      send({ type: MESSAGE_TYPE, origin, topic, keys });
    },
    on(topic, handler) {
      handlers.set(topic, [...(handlers.get(topic) ?? []), handler]);
    },
    dropEverything: () => deliverEverywhere(null),
    close,
  };
}

/** In the cluster primary: passes each worker's invalidations on to the other workers. */
export function relayInvalidations(): void {
  cluster.on('message', (from, message: unknown) => {
    if (!isMessage(message)) return;
    for (const worker of Object.values(cluster.workers ?? {})) if (worker && worker !== from && worker.isConnected()) worker.send(message);
  });
}

/** The socket through which the command line reaches the servers using this data directory. */
const socketIn = (dataPath: string) => path.join(dataPath, 'healthcode.sock');
/** The longest path a socket may have on Linux and macOS (`sun_path` less its ending NUL); libuv cuts longer ones short, elsewhere. */
const SOCKET_PATH_MAX = 103;
const tooLongForSocket = (file: string) => Buffer.byteLength(file) > SOCKET_PATH_MAX;

/**
 * In the process that starts the server (the cluster primary, or the lone process): listens for the
 * command line and calls `dropEverything` when it writes. A socket left by a server that died is replaced.
 * Where no socket can be made (a data directory whose path is longer than a socket's may be), the server
 * serves anyway, and the command line's changes reach it when its caches expire.
 */
export async function listenForCommandLine(dataPath: string, dropEverything: () => void, log: (error: unknown) => void): Promise<void> {
  const file = socketIn(dataPath);
  if (tooLongForSocket(file)) return log(new Error(`${file} is longer than a socket's path may be (${SOCKET_PATH_MAX} bytes)`));
  rmSync(file, { force: true });
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      dropEverything();
      socket.end();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(file, resolve));
    server.unref();
  } catch (error) {
    log(error);
  }
}

/** In the primary: the workers drop everything they cache. */
export const dropEverythingInWorkers = () => {
  for (const worker of Object.values(cluster.workers ?? {})) if (worker?.isConnected()) worker.send({ type: DROP_EVERYTHING });
};

/** From the command line, without Redis: tells the servers of this data directory, if any run, that the store changed. */
export function tellServers(dataPath: string): Promise<void> {
  const file = socketIn(dataPath);
  if (tooLongForSocket(file)) return Promise.resolve();
  return new Promise((resolve) => {
    const socket = createConnection(file, () => socket.end('changed\n'));
    // No server (no socket, or one left by a server that died): nothing to tell.
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}
