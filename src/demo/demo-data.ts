/**
 * Sample data for `npm start -- --demo`: a few residents and staff accounts with known passwords, so a
 * person trying the product can sign in as each role. Idempotent: existing accounts are left alone.
 */
import type { Deps } from '../container.ts';
import { AppError } from '../errors.ts';
import type { Role } from '../shared/access.ts';
import { gb11643CheckChar } from '../modules/identity/id-document.ts';

const residentId = (first17: string) => first17 + gb11643CheckChar(first17);

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_HOLDERS = [
  { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' },
  { name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000002' },
  { name: '王芳', idNumber: residentId('11010319900101003'), phone: '13800000003' },
  { name: '欧阳明峰', idNumber: residentId('44030519781120004'), phone: '13800000004' },
];

export const DEMO_STAFF: { name: string; phone: string; roles: Role[] }[] = [
  { name: '防控管理员', phone: '13900000001', roles: ['authority_admin', 'authority_operator'] },
  { name: '防控审批员', phone: '13900000002', roles: ['authority_approver'] },
  { name: '核验员', phone: '13900000003', roles: ['verifier'] },
];

async function ignoreExisting(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!(error instanceof AppError && (error.code === 'PHONE_TAKEN' || error.code === 'ALREADY_REGISTERED'))) throw error;
  }
}

export async function loadDemoData(deps: Deps): Promise<void> {
  for (const holder of DEMO_HOLDERS) {
    await ignoreExisting(() =>
      deps.db.transaction().execute((trx) =>
        deps.accounts.register(trx, { ...holder, idType: 'resident_id', password: DEMO_PASSWORD }),
      ),
    );
  }
  for (const staff of DEMO_STAFF) {
    await ignoreExisting(() => deps.accounts.createStaffAccount(deps.db, { ...staff, password: DEMO_PASSWORD }));
  }
}
