import { maskPhone } from '../../shared/masking.ts';
import { regionPath } from '../regions/regions.data.ts';
import type { Declaration } from './declarations.service.ts';

/** The holder's (or guardian's) own declaration: unmasked, with region names. */
export function presentDeclaration(declaration: Declaration) {
  return {
    ...declaration,
    regionName: regionPath(declaration.regionCode),
    visitedRegions: declaration.visitedRegions.map((code) => ({ code, name: regionPath(code) || code })),
  };
}

/** The same for the authority: what the rules read, the contact phone masked, the address left out. */
export function presentDeclarationForAuthority(declaration: Declaration) {
  const { address: _address, contactPhone, ...shown } = presentDeclaration(declaration);
  return { ...shown, contactPhone: maskPhone(contactPhone) };
}
