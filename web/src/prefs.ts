/** Language and large-text mode (适老化): chosen once, kept in localStorage, applied to <html>. */
import { signal, effect } from '@preact/signals';

export type Lang = 'zh-CN' | 'en';

const stored = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const store = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
};

export const lang = signal<Lang>(stored('hc.lang') === 'en' ? 'en' : 'zh-CN');
export const largeText = signal<boolean>(stored('hc.largeText') === '1');

effect(() => {
  store('hc.lang', lang.value);
  document.documentElement.lang = lang.value;
});
effect(() => {
  store('hc.largeText', largeText.value ? '1' : '0');
  document.documentElement.classList.toggle('large-text', largeText.value);
});
