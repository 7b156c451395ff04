/** Reading a QR code from a picture: a screenshot of a code shown by another app. */
import jsQR from 'jsqr';

/** The text of the QR code in the picture, or null when none is found. */
export async function qrTextInImage(picture: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(picture);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)?.data ?? null;
}
