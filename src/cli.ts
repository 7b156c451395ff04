/**
 * `healthcode <command>`: the operator's entry point.
 *   start [--demo] [--workers N]   serve the product on N processes (default: one per core); migrations run first
 *   migrate                   run migrations and exit
 *   admin create --phone P --name N [--role R]…   create an authority user; password from stdin
 *   admin disable|enable --phone P --reason R   disable a staff account (signed out, no sign-in) or enable it again
 *   keys rotate               add a new signing key; codes signed by the old one stay valid until they expire
 *   purge                     delete data past its retention (expired sessions, old check-ins, records of scanned codes, declarations, tests, pop-ups, past statuses)
 *   backup FILE               copy the embedded store, while it serves, into a new file (PostgreSQL: pg_dump)
 *   import KIND FILE --as P   import a CSV of cases, close contacts, lab results or pop-ups as the authority account with phone P
 */
import cluster, { type Worker } from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dropEverythingInWorkers, listenForCommandLine, relayInvalidations, tellServers } from './cache/invalidation-bus.ts';
import { countLimitsForWorkers } from './http/rate-limit-store.ts';
import { availableParallelism, userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createDeps, embeddedStoreFile, type Deps } from './container.ts';
import { inTransaction } from './db/transactions.ts';
import { backupEmbeddedStore } from './db/backup.ts';
import { writeForWorkers } from './db/primary-writer.ts';
import { reportToPrimary } from './metrics/metrics.ts';
import { serveMetrics, serveWorkersMetrics } from './metrics/metrics-server.ts';
import { loadDemoData } from './demo/demo-data.ts';
import { AppError, errorMessage, fieldErrorMessage } from './errors.ts';
import { RELOAD_INTERVAL_MS } from './modules/codes/signing-keys.ts';
import { FACT_KINDS, type FactKind } from './modules/facts/facts.service.ts';
import { AUTHORITY_ROLES, type Role } from './shared/access.ts';
import { isMessageOfType } from './shared/process-messages.ts';

/** A recompute with no batch claimed or finished for this long has no process working on it any more. */
const STALLED_JOB_MS = 60_000;

/** Who ran a command, for the audit log: the system user (a container may have none by name). */
function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      demo: { type: 'boolean', default: false },
      workers: { type: 'string' },
      phone: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      as: { type: 'string' },
      reason: { type: 'string' },
    },
    allowPositionals: true,
  });
  const config = loadConfig();

  switch (command) {
    case 'start': {
      const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UsageError('--workers must be a whole number from 1 to 256');
      if (cluster.isPrimary) {
        // Migrations and demo data once, before any worker serves.
        const deps = await createDeps(config);
        if (values.demo) await loadDemoData(deps);
        await deps.close();
        if (workers > 1) return await superviseWorkers(workers, config);
        boundLoneProcessHeap();
      }
      await serve(config);
      return;
    }
    case 'migrate': {
      const deps = await createDeps(config);
      await deps.close();
      console.log('migrations are up to date');
      return;
    }
    case 'admin': {
      if ((rest[0] === 'disable' || rest[0] === 'enable') && values.phone && values.reason !== undefined) {
        const deps = await depsToChangeServers(config);
        try {
          const account = await deps.accounts.actorByPhone(deps.db, values.phone);
          if (!account) throw new UsageError(`No account has the phone ${values.phone}`);
          await inTransaction(deps.db, (trx) => deps.staff[rest[0] as 'disable' | 'enable'](trx, { operator: operatorName() }, account.accountId, values.reason!));
          await tellServersWithoutRedis(config);
          console.log(`${rest[0] === 'disable' ? 'disabled' : 'enabled'} staff account ${account.accountId}`);
        } finally {
          await deps.close();
        }
        return;
      }
      if (rest[0] !== 'create' || !values.phone || !values.name) {
        throw new UsageError('usage: healthcode admin create --phone 139… --name 姓名 [--role authority_admin] (password on stdin) | admin disable|enable --phone 139… --reason 理由');
      }
      const roles = (values.role?.length ? values.role : ['authority_admin']) as Role[];
      if (roles.some((role) => !AUTHORITY_ROLES.includes(role))) throw new UsageError(`--role must be one of ${AUTHORITY_ROLES.join(', ')}`);
      const deps = await createDeps(config);
      try {
        const actor = await deps.accounts.createStaffAccount(deps.db, { name: values.name, phone: values.phone, password: await readPassword(), roles });
        await deps.audit.recordOperatorAction(deps.db, operatorName(), 'staff.create', { accountId: actor.accountId, roles });
        console.log(`created authority account ${actor.accountId} with roles ${roles.join(', ')}`);
      } finally {
        await deps.close();
      }
      return;
    }
    case 'keys': {
      if (rest[0] !== 'rotate') throw new UsageError('usage: healthcode keys rotate');
      const deps = await depsToChangeServers(config);
      try {
        const kid = await deps.signingKeys.rotate();
        await deps.audit.recordOperatorAction(deps.db, operatorName(), 'signing_key.rotate', { kid });
        deps.bus.publish('signing_key', [kid]);
        await tellServersWithoutRedis(config);
        console.log(`new signing key ${kid}; previous keys stay published until their codes expire`);
      } finally {
        await deps.close();
      }
      return;
    }
    case 'purge': {
      const deps = await createDeps(config);
      try {
        console.log(`expired sessions deleted: ${await deps.accounts.purgeExpiredSessions(deps.db)}`);
        await deps.checkins.preparePartitions(deps.db);
        const { deleted, cutoff } = await deps.checkins.purge(deps.db);
        console.log(`check-ins before ${new Date(cutoff).toISOString()} deleted: ${deleted} (daily per-venue totals kept)`);
        const checks = await deps.verification.purge(deps.db);
        console.log(`records of scanned codes before ${new Date(checks.cutoff).toISOString()} deleted: ${checks.deleted}`);
        const declarations = await deps.declarations.purge(deps.db);
        console.log(`declarations before ${new Date(declarations.cutoff).toISOString()} deleted: ${declarations.deleted}`);
        const facts = await deps.facts.purge(deps.db);
        console.log(`nucleic-acid results sampled before ${new Date(facts.labResults.cutoff).toISOString()} deleted: ${facts.labResults.deleted}`);
        console.log(`pop-ups triggered before ${new Date(facts.popups.cutoff).toISOString()} deleted: ${facts.popups.deleted}`);
        const pastStatuses = await deps.status.purgeHistory(deps.db);
        console.log(`past statuses before ${new Date(pastStatuses.cutoff).toISOString()} deleted: ${pastStatuses.deleted}`);
      } finally {
        await deps.close();
      }
      return;
    }
    case 'backup': {
      const destination = positionals[0];
      if (!destination) throw new UsageError('usage: healthcode backup FILE');
      if (config.databaseUrl) throw new UsageError(`The store is PostgreSQL (DATABASE_URL): back it up with pg_dump. ${KEEP_THE_KEYS(config)}`);
      if (existsSync(destination)) throw new UsageError(`${destination} exists already; name a new file`);
      const store = embeddedStoreFile(config);
      if (!existsSync(store)) throw new UsageError(`There is no store at ${store} (HEALTHCODE_DATA_DIR) to back up`);
      const started = Date.now();
      const { bytes } = backupEmbeddedStore(store, path.resolve(destination));
      // A copy of everyone's (encrypted) data is something the authority should be able to see was taken.
      const deps = await createDeps(config);
      try {
        await deps.audit.recordOperatorAction(deps.db, operatorName(), 'store.backup', { file: path.resolve(destination), bytes });
      } finally {
        await deps.close();
      }
      console.log(`${store} copied to ${destination}: ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s. ${KEEP_THE_KEYS(config)}`);
      return;
    }
    case 'import': {
      const [kind, file] = positionals;
      if (!FACT_KINDS.includes(kind as FactKind) || !file || !values.as) {
        throw new UsageError(`usage: healthcode import ${FACT_KINDS.join('|')} FILE --as PHONE (an authority operator's or admin's account)`);
      }
      if (!existsSync(file)) throw new UsageError(`There is no file ${file}`);
      const csv = readFileSync(file, 'utf8');
      const deps = await depsToChangeServers(config);
      try {
        const actor = await deps.accounts.actorByPhone(deps.db, values.as);
        if (!actor?.roles.some((role) => role === 'authority_operator' || role === 'authority_admin')) {
          throw new UsageError(`No authority operator or admin account has the phone ${values.as}`);
        }
        const job = await deps.facts.import(actor, kind as FactKind, csv);
        await deps.jobs.settled(job.id);
        const { status, total, errors } = await deps.jobs.get(actor, job.id);
        if (errors.length > 0) {
          for (const e of errors) console.error(`line ${e.line}, ${e.field}: ${fieldErrorMessage(e.code, 'en')} / ${fieldErrorMessage(e.code, 'zh-CN')}`);
          throw new UsageError(`${errors.length} problems in ${file}; nothing was imported`);
        }
        if (status !== 'done') throw new UsageError(`The import of ${file} failed; nothing was imported (the error is in the log above)`);
        await tellServersWithoutRedis(config);
        console.log(`${total} ${total === 1 ? 'row' : 'rows'} of ${kind} imported from ${file}; the statuses they touch are recomputed`);
      } finally {
        await deps.close();
      }
      return;
    }
    default:
      throw new UsageError('usage: healthcode start [--demo] | migrate | admin create --phone P --name N | admin disable|enable --phone P --reason R | keys rotate | purge | backup FILE | import KIND FILE --as PHONE');
  }
}

class UsageError extends Error {}

/** How long a command that changes what servers cache waits for Redis before it goes on without. */
const REDIS_WAIT_MS = 5_000;

/**
 * The dependencies of a command that changes what running servers cache. With Redis the change is published
 * there, and a publish made before the connection is up is dropped (the connection has no offline queue, so
 * that a server never queues without bound while Redis is away): the command waits for it first.
 */
async function depsToChangeServers(config: Config): Promise<Deps> {
  const deps = await createDeps(config);
  const redis = deps.redis;
  if (!redis || redis.status === 'ready') return deps;
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), REDIS_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!ready) console.error(`Redis (REDIS_URL) cannot be reached: running servers see this change when their caches expire, within 30 s`);
  return deps;
}

/**
 * Running servers drop what they cached of the store this command changed. With Redis the change was
 * published there; without, the servers of this machine are told over their socket (invalidation-bus.ts).
 */
const tellServersWithoutRedis = async (config: Config) => {
  if (!config.redisUrl) await tellServers(config.dataPath);
};

/** Where the key that the personal data in a backup needs is, to be kept as safely and apart from the data. */
const KEEP_THE_KEYS = (config: Config) =>
  `Its personal data is encrypted: keep ${config.masterKey ? 'HEALTHCODE_MASTER_KEY' : path.join(config.dataPath, 'keys')} safe and apart from it; without it the backup cannot be read.`;

/**
 * Cluster workers start with a heap limit (`HEALTHCODE_WORKER_HEAP_MB`); a lone process cannot be given one
 * once it runs. Left to itself, V8 let a bulk recompute's garbage grow the heap to four times what was alive
 * before collecting it, and kept the pages: 400 → 560 MB resident after recomputing a city. Growing it by at
 * most half of what survived the last full collection keeps it near what is alive (the flag is read at each
 * collection, so it takes effect now).
 */
function boundLoneProcessHeap(): void {
  v8.setFlagsFromString('--heap-growing-percent=50');
}

const WORKER_READY = 'healthcode:worker-ready';
const BACKGROUND_DUTIES = 'healthcode:background-duties';

/**
 * Forks the workers (they share the listening port) and replaces any that dies. One worker at a time has
 * the background duties: the first to be ready, and when it dies, the next one ready (its replacement).
 * On the embedded store the primary commits the workers' group commits (primary-writer.ts).
 */
async function superviseWorkers(count: number, config: Config): Promise<void> {
  if (config.metricsPort !== undefined) await serveWorkersMetrics(config.metricsHost, config.metricsPort);
  // 'advanced': batches sent to the primary's writer keep their parameters' types (buffers, big integers).
  cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-old-space-size=${config.workerHeapMb}`], serialization: 'advanced' });
  if (!config.databaseUrl) writeForWorkers(embeddedStoreFile(config));
  for (let i = 0; i < count; i++) cluster.fork();
  relayInvalidations();
  await listenForCommandLine(config.dataPath, dropEverythingInWorkers, (error) => console.error('the command line cannot reach the workers at once:', error));
  countLimitsForWorkers();
  let dutiesHolder: Worker | null = null;
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessageOfType(message, WORKER_READY) || dutiesHolder) return;
    dutiesHolder = worker;
    worker.send({ type: BACKGROUND_DUTIES });
  });
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (worker === dutiesHolder) dutiesHolder = null;
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * One serving process. Background duties (resuming jobs, the hourly purge, the coming days' partitions)
 * run in one process only: this one when it is alone, otherwise the worker the primary names. Every
 * process reloads keys, rule sets and partners and flushes its counters.
 */
async function serve(config: ReturnType<typeof loadConfig>): Promise<void> {
  const deps = await createDeps(config);
  const app = await buildApp(deps);
  deps.metrics.collectProcessMetrics();
  if (cluster.isWorker) reportToPrimary(deps.metrics);
  else if (config.metricsPort !== undefined) await serveMetrics(config.metricsHost, config.metricsPort, deps.metrics);
  const logError = (what: string) => (error: unknown) => app.log.error({ err: error }, what);
  // Keys rotated by `healthcode keys rotate`, and rule sets or partners changed through another process, reach this one within the interval.
  const reload = setInterval(() => {
    void deps.signingKeys.reload().catch(logError('key reload failed'));
    void deps.rules.reload().catch(logError('rule-set reload failed'));
    void deps.partners.reload().catch(logError('partner reload failed'));
  }, RELOAD_INTERVAL_MS);
  const flushCounters = setInterval(() => void deps.counters.flush().catch(logError('counter flush failed')), 10_000);
  const timers = [reload, flushCounters];
  timers.forEach((timer) => timer.unref());
  const startBackgroundDuties = async () => {
    app.log.info('background duties: resuming jobs, hourly purge, partitions and colour counts');
    await deps.jobs.resumeUnfinished();
    await deps.checkins.preparePartitions(deps.db);
    // Not awaited: a failed count must not keep the hourly purge from being scheduled.
    void deps.dashboard.snapshotColours().catch(logError('colour count failed'));
    // The same purge as `healthcode purge`, hourly: data past its retention does not linger, and the coming days have their partitions.
    // The day's colour counts are taken too, so the dashboard's 14 days have every day, opened or not.
    const purge = setInterval(() => {
      void Promise.all([
        deps.dashboard.snapshotColours(),
        deps.accounts.purgeExpiredSessions(deps.db),
        deps.checkins.preparePartitions(deps.db).then(() => deps.checkins.purge(deps.db)),
        deps.verification.purge(deps.db),
        deps.declarations.purge(deps.db),
        deps.facts.purge(deps.db),
        deps.status.purgeHistory(deps.db),
      ]).catch(
        logError('scheduled purge failed'),
      );
    }, 3_600_000);
    // A recompute whose processes all died mid-batch is started again.
    const stalledJobs = setInterval(() => void deps.jobs.resumeUnfinished(STALLED_JOB_MS).catch(logError('resuming stalled jobs failed')), STALLED_JOB_MS / 2);
    for (const timer of [purge, stalledJobs]) {
      timer.unref();
      timers.push(timer);
    }
  };
  const shutdown = async () => {
    timers.forEach(clearInterval);
    await app.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ host: config.host, port: config.port });
  const takeBackgroundDuties = () => void startBackgroundDuties().catch(logError('background duties failed to start'));
  if (cluster.isPrimary) {
    await listenForCommandLine(config.dataPath, deps.bus.dropEverything, logError('the command line cannot reach this server at once'));
    return takeBackgroundDuties();
  }
  process.on('message', (message: unknown) => {
    if (isMessageOfType(message, BACKGROUND_DUTIES)) takeBackgroundDuties();
  });
  process.send?.({ type: WORKER_READY });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) {
    console.error(error.message);
  } else if (error instanceof AppError) {
    const fields = (error.options.fields ?? []).map((f) => `  ${f.field}: ${fieldErrorMessage(f.code, 'en')} / ${fieldErrorMessage(f.code, 'zh-CN')}`);
    console.error([`${errorMessage(error.code, 'en', error.options.params)} / ${errorMessage(error.code, 'zh-CN', error.options.params)}`, ...fields].join('\n'));
  } else {
    console.error(error);
  }
  process.exit(1);
});
