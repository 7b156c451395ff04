import assert from 'node:assert/strict';
import jsQRModule from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';

// jsqr ships CommonJS with `exports.default`; under Node's ESM loader the function is that property.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

/** Decodes the QR in a screenshot of the page the way a scanner would, from pixels only. */
export async function readQrFromScreenshot(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.screenshot({ fullPage: true }));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(found, 'a QR code is visible in the screenshot');
  return found.data;
}
