/**
 * Sample data for `npm start -- --demo`: residents and staff with known passwords, declarations, a
 * dependent, facts that make the colours differ, risk areas, and work waiting in the console (an appeal, a
 * manual colour change to approve), so a person trying the product sees every part of it working.
 * Idempotent: what exists already is left alone.
 */
import type { Deps } from '../container.ts';
import { AppError } from '../errors.ts';
import type { Actor, Role } from '../shared/access.ts';
import { gb11643CheckChar } from '../modules/identity/id-document.ts';
import { insertCase, insertCloseContact, insertLabResult, insertPopup } from '../modules/facts/facts.repository.ts';
import { inTransaction } from '../db/transactions.ts';

const residentId = (first17: string) => first17 + gb11643CheckChar(first17);
const HOUR = 3_600_000;

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_HOLDERS = [
  { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' },
  { name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000002' },
  { name: '王芳', idNumber: residentId('11010319900101003'), phone: '13800000003' },
  { name: '欧阳明峰', idNumber: residentId('44030519781120004'), phone: '13800000004' },
  { name: '刘洋', idNumber: residentId('13060219950505006'), phone: '13800000005' },
];

export const DEMO_STAFF: { name: string; phone: string; roles: Role[] }[] = [
  { name: '防控管理员', phone: '13900000001', roles: ['authority_admin', 'authority_operator'] },
  { name: '防控审批员', phone: '13900000002', roles: ['authority_approver'] },
];

/** A checkpoint organisation with one verifier. */
export const DEMO_VERIFIER = { organisation: '莲池区东关社区卡口', name: '核验员', phone: '13900000003' };

const DEPENDENT = { name: '张小明', idType: 'resident_id' as const, idNumber: residentId('13060220180601005'), relationship: 'child' as const };

const declaration = (phone: string) => ({
  contactPhone: phone,
  address: '莲池区东关大街1号',
  regionCode: '130606',
  temperature: 36.5,
  symptoms: [],
  visitedRegions: [],
  contactWithCase: 'no' as const,
  arrivedFromAbroad: false,
});

async function ignoreExisting<T>(create: () => Promise<T>): Promise<T | undefined> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof AppError && ['PHONE_TAKEN', 'ALREADY_REGISTERED', 'ALREADY_DEPENDENT', 'HOLDS_OWN_CODE'].includes(error.code)) return undefined;
    throw error;
  }
}

export async function loadDemoData(deps: Deps): Promise<void> {
  const { db, accounts, declarations, guardians } = deps;
  const now = deps.now();
  for (const holder of DEMO_HOLDERS) {
    const session = await ignoreExisting(() =>
      inTransaction(db, (trx) => accounts.register(trx, { ...holder, idType: 'resident_id', password: DEMO_PASSWORD })),
    );
    if (!session) continue; // loaded before
    const actor: Actor = session.actor;
    const personId = actor.personId!;
    await inTransaction(db, async (trx) => {
      await declarations.declare(trx, actor, personId, declaration(holder.phone));
      if (holder.phone === '13800000001') {
        const dependent = await guardians.addDependent(trx, actor, DEPENDENT);
        await declarations.declare(trx, actor, dependent.person.id, declaration(holder.phone));
      }
      // Tests of different ages, so the code screens show 24 and 48 小时内核酸阴性 and, for the others, 无近期核酸记录.
      if (holder.phone === '13800000001') await insertLabResult(trx, { personId, sampledAt: now - 20 * HOUR, result: 'negative', lab: '保定市第一医院' });
      if (holder.phone === '13800000002') await insertLabResult(trx, { personId, sampledAt: now - 40 * HOUR, result: 'negative', lab: '保定市第一医院' });
      if (holder.phone === '13800000003') await insertCloseContact(trx, { personId, lastContactAt: now - 30 * HOUR, recordedAt: now });
      if (holder.phone === '13800000004') {
        const popupId = await insertPopup(trx, { personId, type: 'A', reason: '时空伴随', triggeredAt: now - 5 * HOUR });
        await deps.appeals.file(trx, actor, personId, { factType: 'popup', factId: popupId, message: '提示时间我一直在家，没有去过那里，请核实我的行程。' });
      }
      // A confirmed case who was at the market with the others: the console's 流调 has someone to trace.
      if (holder.phone === '13800000005') await insertCase(trx, { personId, kind: 'confirmed', openedAt: now - 2 * HOUR });
      await deps.status.recompute(trx, personId);
    });
  }
  await loadDemoVenue(deps);
  let admin: Actor | undefined;
  for (const staff of DEMO_STAFF) {
    const created = await ignoreExisting(() => accounts.createStaffAccount(db, { ...staff, password: DEMO_PASSWORD }));
    admin ??= created;
  }
  if (admin) {
    const venue = await db.selectFrom('venues').select('id').executeTakeFirst();
    if (venue) await inTransaction(db, (trx) => deps.venues.grantStats(trx, admin, venue.id));
    await inTransaction(db, async (trx) => {
      const organisation = await deps.organisations.create(trx, admin, DEMO_VERIFIER.organisation);
      await deps.organisations.addVerifier(trx, admin, organisation.id, { name: DEMO_VERIFIER.name, phone: DEMO_VERIFIER.phone, password: DEMO_PASSWORD });
    });
    await loadDemoAuthorityWork(deps, admin, now);
  }
}

/** Risk areas for the public query, and a manual colour change that waits for the approver's second pair of eyes. */
async function loadDemoAuthorityWork(deps: Deps, admin: Actor, now: number): Promise<void> {
  const { db, accounts, facts, jobs, overrides } = deps;
  const fortnight = 14 * 24 * HOUR;
  // Each starts a recompute of who stayed there; waited for, so the demo is whole before anyone is served.
  for (const area of [
    { regionCode: '130109', level: 'high' as const }, // 石家庄市藁城区
    { regionCode: '130684', level: 'medium' as const }, // 保定市高碑店市
  ]) {
    const { job } = await facts.addRiskArea(admin, { ...area, validFrom: now, validTo: now + fortnight });
    await jobs.settled(job.id);
  }
  const closeContact = await accounts.signIn(db, { phone: '13800000003', password: DEMO_PASSWORD });
  await overrides.request(db, admin, { personId: closeContact.actor.personId!, status: 'green', reason: '已在集中隔离点完成14天隔离，两次核酸阴性，社区核实后申请转绿', expiresAt: null });
}

/** 张伟 runs a market; the other residents have checked in there. */
async function loadDemoVenue(deps: Deps): Promise<void> {
  const { db, accounts, venues, checkins } = deps;
  if (await db.selectFrom('venues').select('id').executeTakeFirst()) return;
  const owner = await accounts.signIn(db, { phone: '13800000001', password: DEMO_PASSWORD });
  await inTransaction(db, (trx) =>
    venues.apply(trx, owner.actor, { name: '保定市东关菜市场', category: 'mall', address: '莲池区东关大街88号', regionCode: '130606', contactName: '张伟', contactPhone: '13800000001' }),
  );
  const poster = await venues.posterCode(db, { ...owner.actor, roles: [...owner.actor.roles, 'venue_manager'] });
  const token = poster.url.split('/c/')[1]!;
  // Outside any transaction: check-ins are written by the shared group commit, as in a request.
  for (const holder of DEMO_HOLDERS.slice(1)) {
    const visitor = await accounts.signIn(db, { phone: holder.phone, password: DEMO_PASSWORD });
    await checkins.checkIn(db, visitor.actor, token, [visitor.actor.personId!]);
  }
}
