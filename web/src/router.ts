import { signal } from '@preact/signals';

export const route = signal(location.pathname + location.search);

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  route.value = to;
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  route.value = location.pathname + location.search;
});
