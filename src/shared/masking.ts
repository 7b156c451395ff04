/**
 * Masking rules of SPEC §8. Every presenter that shows a person to anyone but that person uses these.
 * Characters are counted as code points so that CJK names and surrogate pairs mask correctly.
 */

/** 张* for two characters, 李*明 / 欧**峰 for more: first and last kept. A single character is hidden entirely. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * Whether a name masked by another platform, whatever characters it chose to show (王*, *芳, 欧**峰), could
 * be `name`: as many characters, each shown one the same. One shown character at least, unless the name has one.
 */
export function maskedNameFits(masked: string, name: string): boolean {
  const shown = [...masked.trim()];
  const chars = [...name.trim()];
  if (shown.length !== chars.length) return false;
  const visible = shown.filter((c, i) => c !== '*' && c === chars[i]).length;
  return shown.every((c, i) => c === '*' || c === chars[i]) && (visible > 0 || chars.length === 1);
}

/** First and last character kept: 1****************X. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber];
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** First 3 and last 4 digits kept (138****5678); international numbers keep the country code and last 4. */
export function maskPhone(phone: string): string {
  const chars = [...phone];
  if (chars.length <= 7) return `${chars.slice(0, 1).join('')}${'*'.repeat(Math.max(0, chars.length - 1))}`;
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
}
