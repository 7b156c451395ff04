/**
 * Seeds an embedded store for benchmarks, fast: the schema comes from the real migrations, rows are
 * written with prepared statements in large transactions, personal data encrypted with the store's own
 * key. A seeded directory is reused when its size matches.
 *
 * People live in one of ten counties; a tenth in 保定 (1306xx), so declaring that city high-risk touches
 * a tenth of everyone. Each person checks in `checkinsPerDay` times a day at random venues of their county.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/container.ts';
import { readOrCreateKeyFile } from '../src/crypto/key-files.ts';
import { hashPassword } from '../src/crypto/password.ts';
import { PersonalDataCipher } from '../src/crypto/personal-data-cipher.ts';
import { sessionIdOf } from '../src/modules/accounts/accounts.service.ts';
import { gb11643CheckChar } from '../src/modules/identity/id-document.ts';
import { newId } from '../src/shared/ids.ts';

export interface SeedSize {
  people: number;
  venues: number;
  days: number;
  checkinsPerDay: number;
  /** People with accounts and sessions that the load generator signs in as. */
  benchUsers: number;
}

export interface Seeded {
  dataDir: string;
  size: SeedSize;
  users: { personId: string; cookie: string }[];
  verifierCookie: string;
  verifierCsrf: string;
  authorityCookie: string;
  authorityCsrf: string;
  venueIds: string[];
  caseId: string;
  csrf: string;
}

const COUNTIES = ['130606', '110105', '310104', '440305', '330106', '320102', '510107', '420106', '370102', '610113'];

/** Person `person`'s county (bench user i is person i). */
export const homeCounty = (person: number): string => COUNTIES[person % COUNTIES.length]!;

/**
 * The index of a venue near person `person`'s home, the `k`-th (modulo their number) of their county's: venue v
 * is in county v % 10. The load scenarios keep to it too, so their check-ins never add anyone to the city the
 * recompute declares: every run recomputes the same people.
 */
export const venueNearHome = (venueCount: number, person: number, k: number): number =>
  (k % Math.floor(venueCount / COUNTIES.length)) * COUNTIES.length + (person % COUNTIES.length);

const DAY = 86_400_000;
export const BENCH_PASSWORD = 'bench1234';

/** A valid resident ID number unique to `index` (birth date and sequence encode it). */
function residentIdFor(index: number, county: string): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(index / 1000) * DAY);
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${county}${date}${String(index % 1000).padStart(3, '0')}`;
  return first17 + gb11643CheckChar(first17);
}

export async function seed(root: string, size: SeedSize, log: (line: string) => void): Promise<Seeded> {
  // The suffix changes whenever the seed's shape does, so that an older seed is not reused.
  const dataDir = path.join(root, `${size.people}p-${size.venues}v-${size.days}d-${size.checkinsPerDay}c-v5`);
  const manifest = path.join(dataDir, 'seeded.json');
  if (existsSync(manifest)) {
    log(`reusing seed data in ${dataDir}`);
    // Where it is now, which is not where it was seeded if the folder was moved.
    return { ...(JSON.parse(readFileSync(manifest, 'utf8')) as Seeded), dataDir };
  }
  const started = Date.now();
  const config = loadConfig({ dataDir, logLevel: 'silent', databaseUrl: '', redisUrl: '' }, {});
  const deps = await createDeps(config); // migrations, signing key, baseline rules
  await deps.close();
  const cipher = new PersonalDataCipher(readOrCreateKeyFile(config.dataPath, 'master.key'));
  const db = new SQLite(path.join(config.dataPath, 'healthcode.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // seeding only: rebuilt from scratch if interrupted
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const now = Date.now();
  const batch = <T>(rows: number, write: (i: number) => T) => {
    const run = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) write(i);
    });
    for (let from = 0; from < rows; from += 20_000) run(from, Math.min(rows, from + 20_000));
  };

  const insertPerson = db.prepare('insert into persons (id, id_type, id_lookup, id_number_sealed, name_sealed, identity_assurance, created_at) values (?, ?, ?, ?, ?, ?, ?)');
  const insertStatus = db.prepare("insert into person_status (person_id, status, reasons, rule_set_version, computed_at, reevaluate_at) values (?, 'green', ?, 'baseline-1', ?, null)");
  const insertDeclaration = db.prepare(
    "insert into declarations (id, person_id, declared_by_account_id, declared_at, day, day_seq, contact_phone_sealed, address_sealed, region_code, temperature_tenths, symptoms, visited_regions, contact_with_case, arrived_from_abroad, marked_false_at) values (?, ?, 'seed', ?, ?, 1, ?, ?, ?, 365, '[]', '[]', 'no', 0, null)",
  );
  const personIds: string[] = new Array(size.people);
  const sealedPhone = cipher.encrypt('13800000000');
  const sealedAddress = cipher.encrypt('东关大街1号');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone }).format(now);
  const noReasons = JSON.stringify({ reasons: [], clearsAt: null });
  batch(size.people, (i) => {
    const county = homeCounty(i);
    const idNumber = residentIdFor(i, county);
    const id = newId(now - (size.people - i));
    personIds[i] = id;
    insertPerson.run(id, 'resident_id', cipher.keyedHash('id-document', `resident_id:${idNumber}`), cipher.encrypt(idNumber), cipher.encrypt(`居民${i}`), 'document-consistency', now);
    insertDeclaration.run(newId(now), id, now - 3_600_000, today, sealedPhone, sealedAddress, county);
    insertStatus.run(id, noReasons, now);
  });
  log(`people: ${size.people} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const insertAccount = db.prepare('insert into accounts (id, phone_lookup, phone_sealed, password_hash, roles, person_id, display_name_sealed, organisation_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertSession = db.prepare("insert into sessions (id, account_id, csrf_token, created_at, expires_at) values (?, ?, 'bench-csrf', ?, ?)");
  const account = (phone: string, roles: string[], personId: string | null, staffName: string | null, token: string) => {
    const id = newId(now);
    insertAccount.run(id, cipher.keyedHash('phone', phone), cipher.encrypt(phone), passwordHash, JSON.stringify(roles), personId, staffName && cipher.encrypt(staffName), null, now);
    insertSession.run(sessionIdOf(token), id, now, now + 30 * DAY);
    return id;
  };
  const users: Seeded['users'] = [];
  db.transaction(() => {
    for (let i = 0; i < size.benchUsers; i++) {
      const token = `bench-user-${i}`;
      account(`13${String(100_000_000 + i)}`, ['holder'], personIds[i]!, null, token);
      users.push({ personId: personIds[i]!, cookie: `hc_session=${token}` });
    }
    account('15000000001', ['verifier'], null, '压测核验员', 'bench-verifier');
    account('15000000002', ['authority_operator', 'authority_admin'], null, '压测管理员', 'bench-authority');
  })();

  const insertVenue = db.prepare(
    "insert into venues (id, owner_account_id, name, category, address, region_code, contact_name_sealed, contact_phone_sealed, suspended_at, suspend_reason, screen_only, stats_requested_at, stats_granted_at, created_at) values (?, ?, ?, 'mall', '地址', ?, ?, ?, null, null, 0, null, null, ?)",
  );
  const venueIds: string[] = [];
  const sealedContact = cipher.encrypt('王经理');
  batch(size.venues, (i) => {
    const owner = newId(now);
    insertAccount.run(owner, cipher.keyedHash('phone', `owner-${i}`), sealedPhone, passwordHash, '["holder","venue_manager"]', null, null, null, now);
    const id = newId(now);
    venueIds.push(id);
    insertVenue.run(id, owner, `场所${i}`, COUNTIES[i % COUNTIES.length], sealedContact, sealedPhone, now);
  });
  log(`venues: ${size.venues}`);

  // Check-ins are inserted in time order with the indexes dropped, then indexed once: much faster.
  db.exec('drop index checkins_venue_time; drop index checkins_person_time; drop index checkins_time;');
  const insertCheckin = db.prepare("insert into checkins (id, venue_id, person_id, checked_in_at, method, recorded_by_account_id, status) values (?, ?, ?, ?, 'scan', 'seed', 'green')");
  const perDay = size.people * size.checkinsPerDay;
  // xorshift32: repeatable, and its low bits are as random as its high ones (an LCG's are not).
  let random = 42;
  const next = () => {
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return random >>> 0;
  };
  // Each person's latest check-in (in their own county, the only region they visit), for latest_stays.
  const latestCheckin: string[] = new Array(size.people);
  const latestAt = new Float64Array(size.people);
  for (let day = size.days; day >= 1; day--) {
    const dayStart = now - day * DAY;
    batch(perDay, (i) => {
      const at = dayStart + Math.floor((i / perDay) * DAY);
      const person = next() % size.people;
      const venue = venueNearHome(venueIds.length, person, next());
      const id = `${at.toString(16).padStart(12, '0')}${i.toString(16).padStart(20, '0')}`;
      insertCheckin.run(id, venueIds[venue], personIds[person], at);
      latestCheckin[person] = id;
      latestAt[person] = at;
    });
    log(`check-ins: day -${day} (${perDay})`);
  }
  db.exec('create index checkins_venue_time on checkins (venue_id, checked_in_at, person_id); create index checkins_person_time on checkins (person_id, checked_in_at); create index checkins_time on checkins (checked_in_at);');
  log('check-in indexes built');
  const insertStay = db.prepare('insert into latest_stays (person_id, region_code, checkin_id, checked_in_at) values (?, ?, ?, ?)');
  batch(size.people, (person) => {
    if (latestCheckin[person] !== undefined) insertStay.run(personIds[person], COUNTIES[person % COUNTIES.length], latestCheckin[person], latestAt[person]);
  });

  // A confirmed case with 20 visits in the last days, for the tracing benchmark.
  const casePerson = personIds[size.people - 1]!;
  const caseId = newId(now);
  db.prepare("insert into cases (id, person_id, kind, opened_at, closed_at) values (?, ?, 'confirmed', ?, null)").run(caseId, casePerson, now - DAY);
  const moveStayOn = db.prepare(
    'insert into latest_stays (person_id, region_code, checkin_id, checked_in_at) values (?, ?, ?, ?) on conflict (person_id, region_code) do update set checkin_id = excluded.checkin_id, checked_in_at = excluded.checked_in_at where excluded.checked_in_at > latest_stays.checked_in_at',
  );
  db.transaction(() => {
    for (let v = 0; v < 20; v++) {
      const venue = (v * 7) % venueIds.length;
      const [id, at] = [newId(now), now - (v + 1) * 3_600_000];
      insertCheckin.run(id, venueIds[venue], casePerson, at);
      moveStayOn.run(casePerson, COUNTIES[venue % COUNTIES.length], id, at);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  const seeded: Seeded = {
    dataDir,
    size,
    users,
    verifierCookie: 'hc_session=bench-verifier',
    verifierCsrf: 'bench-csrf',
    authorityCookie: 'hc_session=bench-authority',
    authorityCsrf: 'bench-csrf',
    venueIds: venueIds.slice(0, 100),
    caseId,
    csrf: 'bench-csrf',
  };
  writeFileSync(manifest, JSON.stringify(seeded));
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return seeded;
}
