/**
 * Identity verification is a pluggable adapter: a province connects its authoritative source (公安
 * 人口库 or the national platform) by implementing `IdentityVerifier`. The built-in adapter cannot
 * reach any such source, so it checks only that the document is internally consistent, and its result
 * says exactly that.
 */
import type { IdType } from './id-document.ts';

export interface IdentityClaim {
  idType: IdType;
  idNumber: string;
  name: string;
}

export interface IdentityVerification {
  /** False when the claim contradicts the source; registration is refused. */
  accepted: boolean;
  /** What was checked, stored with the person: 'document-consistency' or 'authoritative:<source>'. */
  assurance: string;
}

export interface IdentityVerifier {
  verify(claim: IdentityClaim): Promise<IdentityVerification>;
}

/** The document's own structure, dates and check digits were already validated; nothing more is known. */
export const documentConsistencyVerifier: IdentityVerifier = {
  async verify() {
    return { accepted: true, assurance: 'document-consistency' };
  },
};

export const ASSURANCE_LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  'document-consistency': {
    'zh-CN': '仅核对了证件号码格式与校验位，未与权威数据源比对',
    en: 'Only the document number’s format and check digit were checked; not verified against an authoritative source',
  },
};
