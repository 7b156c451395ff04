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

/** Before any choice: the phone's own language, Chinese unless it prefers English to Chinese. */
function phoneLang(): Lang {
  for (const tag of navigator.languages ?? [navigator.language]) {
    if (/^zh\b/i.test(tag)) return 'zh-CN';
    if (/^en\b/i.test(tag)) return 'en';
  }
  return 'zh-CN';
}

const chosenLang = stored('hc.lang');
export const lang = signal<Lang>(chosenLang === 'en' || chosenLang === 'zh-CN' ? chosenLang : phoneLang());
export const largeText = signal<boolean>(stored('hc.largeText') === '1');

/** The user's choice: kept, and from then on it wins over the phone's language. */
export function chooseLang(value: Lang): void {
  lang.value = value;
  store('hc.lang', value);
}

effect(() => {
  document.documentElement.lang = lang.value;
});
effect(() => {
  store('hc.largeText', largeText.value ? '1' : '0');
  document.documentElement.classList.toggle('large-text', largeText.value);
});
