import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { loadSession, session } from './api';
import { t } from './i18n';
import { Home } from './pages/Home';
import { Register } from './pages/Register';
import { SignIn } from './pages/SignIn';
import { largeText, lang } from './prefs';
import { navigate, route } from './router';
import './styles.css';

const PUBLIC_PATHS = ['/register', '/sign-in'];

function Page() {
  const path = route.value.split('?')[0]!;
  const account = session.value;
  useEffect(() => {
    if (account === null && !PUBLIC_PATHS.includes(path)) navigate(`/sign-in?next=${encodeURIComponent(route.value)}`, true);
    if (account && PUBLIC_PATHS.includes(path)) navigate('/', true);
  }, [account, path]);
  if (account === undefined) return <p class="loading">{t('working')}</p>;
  if (path === '/register') return <Register />;
  if (path === '/sign-in' || !account) return <SignIn />;
  return <Home account={account} />;
}

function App() {
  return (
    <>
      <header class="topbar">
        <span class="brand" aria-label={t('appName')}>
          <span aria-hidden="true">▣</span> {t('appName')}
        </span>
        <div class="prefs">
          <button type="button" class="chip" data-testid="toggle-large-text" aria-pressed={largeText.value} onClick={() => (largeText.value = !largeText.value)}>
            {largeText.value ? t('largeTextOff') : t('largeTextOn')}
          </button>
          <button type="button" class="chip" data-testid="toggle-lang" onClick={() => (lang.value = lang.value === 'en' ? 'zh-CN' : 'en')}>
            {t('switchLang')}
          </button>
        </div>
      </header>
      <main>
        <Page />
      </main>
    </>
  );
}

void loadSession();
render(<App />, document.getElementById('app')!);
