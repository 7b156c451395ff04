import type { Lang } from '../../shared/i18n.ts';
import { maskPhone } from '../../shared/masking.ts';
import { regionPath } from '../regions/regions.data.ts';
import type { Declaration } from './declarations.service.ts';

/** The holder's (or guardian's) own declaration: unmasked, with region names. */
export function presentDeclaration(declaration: Declaration, lang: Lang) {
  return {
    ...declaration,
    regionName: regionPath(declaration.regionCode, lang),
    visitedRegions: declaration.visitedRegions.map((code) => ({ code, name: regionPath(code, lang) || code })),
  };
}

/** The same for the authority: what the rules read, the contact phone masked, the address left out. */
export function presentDeclarationForAuthority(declaration: Declaration, lang: Lang) {
  const { address: _address, contactPhone, ...shown } = presentDeclaration(declaration, lang);
  return { ...shown, contactPhone: maskPhone(contactPhone) };
}
