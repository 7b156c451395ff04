import { gb11643CheckChar } from '../src/modules/identity/id-document.ts';

export const residentIdFrom = (first17: string): string => first17 + gb11643CheckChar(first17);
