/** What the inter-platform API tells another platform: masked data only, and the latest test as facts. */
import { maskIdNumber, maskName } from '../../shared/masking.ts';
import type { Person } from '../identity/identity.presenter.ts';
import type { StoredStatus } from '../status/status.service.ts';
import type { VerificationOutcome } from '../verification/verification.service.ts';

/** A verification of a code; one this platform did not issue is not its to vouch for. */
export function presentPartnerVerification(outcome: VerificationOutcome, issuerId: string) {
  const own = outcome.issuer?.id === issuerId;
  return {
    result: own ? outcome.result : ('untrusted' as const),
    status: own ? outcome.status : null,
    name: own ? outcome.name : null,
    idNumber: own ? outcome.idNumber : null,
    expiresAt: outcome.expiresAt,
    latestTest: own ? (outcome.latestTest ?? null) : null,
  };
}

export function presentPartnerStatus(person: Person, current: StoredStatus) {
  return { subject: person.id, status: current.status, name: maskName(person.name), idNumber: maskIdNumber(person.idNumber), computedAt: current.computedAt, latestTest: current.latestTest };
}
