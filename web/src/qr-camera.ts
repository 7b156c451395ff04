/**
 * The rear camera, read for QR codes five times a second (jsQR) while the page is not paused: the verifier's
 * scan page and the holder's venue-code scan use it alike.
 */
import jsQR from 'jsqr';
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function useQrCamera(options: {
  video: RefObject<HTMLVideoElement | null>;
  canvas: RefObject<HTMLCanvasElement | null>;
  /** Whether to skip frames now (a result on screen, a check under way). */
  paused?: () => boolean;
  onRead: (text: string) => void;
  /** No camera, or no permission to use it. */
  onUnavailable: () => void;
}): void {
  // The page's latest callbacks, not those of the render that opened the camera.
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        const video = latest.current.video.current;
        if (stopped || !video) return;
        video.srcObject = stream;
        await video.play();
        timer = window.setInterval(() => {
          const { video: v, canvas: c, paused, onRead } = latest.current;
          if (!v.current || !c.current || paused?.() || v.current.videoWidth === 0) return;
          c.current.width = v.current.videoWidth;
          c.current.height = v.current.videoHeight;
          const context = c.current.getContext('2d', { willReadFrequently: true })!;
          context.drawImage(v.current, 0, 0);
          const found = jsQR(context.getImageData(0, 0, c.current.width, c.current.height).data, c.current.width, c.current.height, { inversionAttempts: 'dontInvert' });
          if (found?.data) onRead(found.data);
        }, 200);
      } catch {
        latest.current.onUnavailable();
      }
    })();
    return () => {
      stopped = true;
      window.clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);
}
