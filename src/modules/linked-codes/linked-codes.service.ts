/**
 * 关联外省健康码: a holder links the code another platform gave them (the national platform's
 * 关联本人已有健康通行码), and sees their live colour there beside this platform's (集中汇聚各省健康通行码风险提示).
 *
 * Linking needs a fresh code of a trusted partner: its signature and expiry prove it was just shown by its
 * holder (it lives minutes), and its masked name must fit this person's. What is kept is the issuer and the
 * holder's opaque subject there, nothing else. The colour there is asked for when the holder looks, through
 * the inter-platform API; it is shown, not folded into this platform's colour, which this platform's rules
 * decide and explain from its own facts.
 */
import type { Executor } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../shared/access.ts';
import { newId } from '../../shared/ids.ts';
import { maskedNameFits } from '../../shared/masking.ts';
import { decodeCodeToken, tokenFromScan } from '../codes/code-token.ts';
import type { GuardiansService } from '../guardians/guardians.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { LiveStatus, PartnersService } from '../partners/partners.service.ts';
import { deleteLinkedCode, listLinkedCodes, storeLinkedCode, type LinkedCodeRow } from './linked-codes.repository.ts';

export interface LinkedCode {
  id: string;
  issuer: { id: string; name: string };
  linkedAt: number;
  /** The holder's status there now; null when the platform cannot be asked (no status API, not answering, no longer trusted). */
  live: LiveStatus | null;
}

export type LinkedCodesService = ReturnType<typeof createLinkedCodesService>;

export function createLinkedCodesService(deps: { guardians: GuardiansService; identity: IdentityService; partners: PartnersService; now: () => number; issuerId: string }) {
  const { guardians, identity, partners, now, issuerId } = deps;

  /** The link with the holder's status there, asked for now. */
  async function withLiveStatus(row: LinkedCodeRow): Promise<LinkedCode> {
    const partner = partners.get(row.issuer_id);
    return {
      id: row.id,
      issuer: { id: row.issuer_id, name: partner?.name ?? row.issuer_id },
      linkedAt: row.linked_at,
      live: partner ? await partners.liveStatus(partner, row.subject) : null,
    };
  }

  return {
    /** The person's linked codes, each with its live status there (the platforms are asked at once). */
    async list(db: Executor, actor: Actor | null, personId: string): Promise<LinkedCode[]> {
      await guardians.requireActingFor(db, actor, personId);
      return Promise.all((await listLinkedCodes(db, personId)).map(withLiveStatus));
    },

    /** Links the code `scanned` (its token or the URL its QR holds) to the person. */
    async link(db: Executor, actor: Actor | null, personId: string, scanned: string): Promise<LinkedCode> {
      await guardians.requireActingFor(db, actor, personId);
      const token = decodeCodeToken(tokenFromScan(scanned));
      const claims = token.claims;
      if (!claims) throw invalid({ field: 'code', code: 'LINK_CODE_INVALID' });
      if (claims.iss === issuerId) throw invalid({ field: 'code', code: 'LINK_OWN_CODE' });
      const partner = partners.get(claims.iss);
      if (!partner) throw invalid({ field: 'code', code: 'LINK_UNTRUSTED' });
      const check = await partners.check(partner, token, now());
      if (!check.ok) throw invalid({ field: 'code', code: 'LINK_CODE_INVALID' });
      // Platforms mask names their own ways (王*, *芳): the name shown must fit this person's, character by character.
      const person = await identity.getPerson(db, personId);
      if (!maskedNameFits(check.claims.nm, person.name)) throw invalid({ field: 'code', code: 'LINK_NAME_MISMATCH' });
      const row = { id: newId(now()), person_id: personId, issuer_id: partner.issuerId, subject: check.claims.sub, linked_at: now() };
      await storeLinkedCode(db, row);
      return withLiveStatus(row);
    },

    async unlink(db: Executor, actor: Actor | null, personId: string, linkId: string): Promise<void> {
      await guardians.requireActingFor(db, actor, personId);
      if (!(await deleteLinkedCode(db, personId, linkId))) throw new AppError('NOT_FOUND');
    },
  };
}
