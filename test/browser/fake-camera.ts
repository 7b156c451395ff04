/**
 * Chromium's fake camera plays a Y4M file (--use-file-for-fake-video-capture). This draws a QR for `text`
 * centred on a white 640×480 frame and writes it as a few frames of YUV 4:2:0.
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

const WIDTH = 640;
const HEIGHT = 480;

export async function writeQrVideo(text: string, file: string, frames = 5): Promise<void> {
  const qr = PNG.sync.read(await QRCode.toBuffer(text, { type: 'png', width: 420, margin: 4, errorCorrectionLevel: 'M' }));
  const rgb = new Uint8Array(WIDTH * HEIGHT * 3).fill(255);
  const left = Math.floor((WIDTH - qr.width) / 2);
  const top = Math.floor((HEIGHT - qr.height) / 2);
  for (let y = 0; y < qr.height; y++) {
    for (let x = 0; x < qr.width; x++) {
      const from = (y * qr.width + x) * 4;
      const to = ((top + y) * WIDTH + left + x) * 3;
      rgb.set([qr.data[from]!, qr.data[from + 1]!, qr.data[from + 2]!], to);
    }
  }
  const luma = new Uint8Array(WIDTH * HEIGHT);
  const u = new Uint8Array((WIDTH / 2) * (HEIGHT / 2));
  const v = new Uint8Array((WIDTH / 2) * (HEIGHT / 2));
  for (let i = 0; i < WIDTH * HEIGHT; i++) {
    luma[i] = Math.round(0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!);
  }
  for (let y = 0; y < HEIGHT / 2; y++) {
    for (let x = 0; x < WIDTH / 2; x++) {
      const i = (y * 2 * WIDTH + x * 2) * 3;
      const [r, g, b] = [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
      u[y * (WIDTH / 2) + x] = Math.round(-0.169 * r - 0.331 * g + 0.5 * b + 128);
      v[y * (WIDTH / 2) + x] = Math.round(0.5 * r - 0.419 * g - 0.081 * b + 128);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, u, v]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]));
}
