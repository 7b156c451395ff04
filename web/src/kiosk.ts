/**
 * 数字哨兵: a scanner at a gate that needs no taps. Each result has a sound of its own, so a guard hears
 * a stop without looking at the screen, and the screen is kept awake.
 */
export type ResultSound = 'pass' | 'caution' | 'stop';

export function soundFor(result: string, status: string | null): ResultSound {
  if (result !== 'valid' || status === 'red') return 'stop';
  return status === 'green' ? 'pass' : 'caution';
}

// One short high beep to pass; two middle ones for yellow or pending; three low buzzes to stop.
const TONES: Record<ResultSound, { hz: number; beeps: number; ms: number; wave: OscillatorType }> = {
  pass: { hz: 1320, beeps: 1, ms: 120, wave: 'sine' },
  caution: { hz: 660, beeps: 2, ms: 160, wave: 'triangle' },
  stop: { hz: 300, beeps: 3, ms: 220, wave: 'square' },
};

let audio: AudioContext | null = null;

/** Call from the tap that starts kiosk mode: browsers let a page make sound only after a gesture. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
}

export function playSound(sound: ResultSound): void {
  if (!audio) return;
  const { hz, beeps, ms, wave } = TONES[sound];
  let at = audio.currentTime;
  for (let i = 0; i < beeps; i++) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = wave;
    oscillator.frequency.value = hz;
    gain.gain.value = 0.3;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + ms / 1000);
    at += (ms * 1.6) / 1000;
  }
}

/** Keeps the screen on while the kiosk runs; returns what lets it sleep again. */
export async function keepScreenAwake(): Promise<() => void> {
  try {
    const lock = await navigator.wakeLock?.request('screen');
    return () => void lock?.release().catch(() => undefined);
  } catch {
    return () => undefined;
  }
}
