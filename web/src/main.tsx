import { signal } from '@preact/signals';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { api, canVerify, loadSession, serverUnreachable, session, sessionFromDevice, waitingForBusyServer, type PersonForHolder, type Session } from './api';
import { t } from './i18n';
import { Account } from './pages/Account';
import { CodeScreen } from './pages/CodeScreen';
import { Declare } from './pages/Declare';
import { Dependents } from './pages/Dependents';
import { History } from './pages/History';
import { PaperCode } from './pages/PaperCode';
import { Scan } from './pages/Scan';
import { ScanVenue } from './pages/ScanVenue';
import { CheckIn, CheckInPreview } from './pages/CheckIn';
import { VenueHome, VenueVisitors } from './pages/Venue';
import { VenuePoster } from './pages/VenuePoster';
import { VenueScreen } from './pages/VenueScreen';
import { VenueStats } from './pages/VenueStats';
import { Console } from './pages/console/Console';
import { Register } from './pages/Register';
import { RiskAreaQuery } from './pages/RiskAreaQuery';
import { RulesInForce } from './pages/RulesInForce';
import { SignIn } from './pages/SignIn';
import { chooseLang, largeText, lang } from './prefs';
import { navigate, route } from './router';
import './styles.css';

const PUBLIC_PATHS = ['/register', '/sign-in'];
/** Pages for anyone, signed in or not. */
const OPEN_PATHS = ['/risk-areas', '/rules'];

/** What a generic scanner (WeChat 扫一扫, a phone camera) opens: verification for verifiers, a plain note for others. */
function OpenedCode({ token, account }: { token: string; account: Session | null }) {
  if (account && canVerify(account)) return <Scan initialToken={token} />;
  return (
    <section class="card">
      <h1>{t('appName')}</h1>
      <p>{t('codeOpenedElsewhere')}</p>
      {!account && (
        <button type="button" class="primary" onClick={() => navigate(`/sign-in?next=${encodeURIComponent(route.value)}`)}>
          {t('signIn')}
        </button>
      )}
    </section>
  );
}

/** The holder's own code and their dependents', loaded once signed in. */
const people = signal<PersonForHolder[] | null>(null);
async function loadPeople(): Promise<void> {
  people.value = await api<PersonForHolder[]>('GET', '/people');
}

function HolderPages({ account }: { account: Session }) {
  useEffect(() => {
    void loadPeople();
  }, [account.accountId, lang.value]);
  const [path, query] = route.value.split('?');
  const list = people.value;
  if (!list) return <p class="loading">{t('working')}</p>;
  const self = account.person!.id;
  const segments = path!.split('/').filter(Boolean);
  if (segments[0] === 'declare' && segments[1]) return <Declare personId={segments[1]} people={list} />;
  if (segments[0] === 'history' && segments[1]) return <History personId={segments[1]} />;
  if (segments[0] === 'paper' && segments[1]) return <PaperCode personId={segments[1]} />;
  if (segments[0] === 'c' && segments[1]) return <CheckIn token={segments[1]} self={self} people={list} />;
  if (path === '/scan-venue') return <ScanVenue />;
  if (path === '/venue') return <VenueHome />;
  if (path === '/venue/poster') return <VenuePoster />;
  if (path === '/venue/screen') return <VenueScreen />;
  if (path === '/venue/visitors') return <VenueVisitors />;
  if (path === '/venue/stats') return <VenueStats />;
  if (path === '/dependents') return <Dependents people={list} onChange={loadPeople} />;
  if (path === '/account') return <Account account={account} />;
  const chosen = new URLSearchParams(query ?? '').get('person');
  const personId = chosen && list.some((p) => p.personId === chosen) ? chosen : self;
  return <CodeScreen personId={personId} people={list} />;
}

/** The server could not be reached to say who is signed in: said so, with a way to ask again (also asked once back online). */
function Unreachable() {
  return (
    <section class="card" data-testid="unreachable">
      <p class="form-error">{t('networkError')}</p>
      <button type="button" class="primary" onClick={() => void loadSession()}>
        {t('retry')}
      </button>
    </section>
  );
}

function Page() {
  const path = route.value.split('?')[0]!;
  const account = session.value;
  const opened = path.startsWith('/v/') ? path.slice(3) : null;
  const venueCode = path.startsWith('/c/') ? path.slice(3) : null;
  useEffect(() => {
    if (account === null && !PUBLIC_PATHS.includes(path) && !OPEN_PATHS.includes(path) && !opened && !venueCode) navigate(`/sign-in?next=${encodeURIComponent(route.value)}`, true);
    if (account && PUBLIC_PATHS.includes(path)) navigate('/', true);
    if (account === null) people.value = null;
  }, [account, path]);
  if (account === undefined) return serverUnreachable.value ? <Unreachable /> : <p class="loading">{t('working')}</p>;
  if (path === '/risk-areas') return <RiskAreaQuery />;
  if (path === '/rules') return <RulesInForce />;
  if (account && sessionFromDevice.value) return <Scan initialToken={opened ?? undefined} />;
  if (opened) return <OpenedCode token={opened} account={account} />;
  if (venueCode && !account) return <CheckInPreview token={venueCode} />;
  if (path === '/register') return <Register />;
  if (path === '/sign-in' || !account) return <SignIn />;
  if (path === '/scan' && canVerify(account)) return <Scan />;
  const isAuthority = account.roles.some((role) => role.startsWith('authority_'));
  if (isAuthority && (path.startsWith('/console') || (path === '/' && !account.person))) return <Console />;
  if (!account.person) return account.roles.includes('verifier') && path === '/' ? <Scan /> : <Account account={account} />;
  return <HolderPages account={account} />;
}

function App() {
  const path = route.value.split('?')[0]!;
  // Staff without a code of their own have the console or the scan page as home: nothing to go back to.
  const staffHome = session.value && !session.value.person && (path.startsWith('/console') || path === '/scan');
  const atHome = path === '/' || PUBLIC_PATHS.includes(path) || Boolean(staffHome);
  return (
    <>
      <header class="topbar">
        {atHome ? (
          <span class="brand">
            <span aria-hidden="true">▣</span> {t('appName')}
          </span>
        ) : (
          // The venue's own pages go back to the venue; everything else to home.
          <button type="button" class="chip" onClick={() => navigate(path.startsWith('/venue/') ? '/venue' : '/')}>
            ‹ {t('back')}
          </button>
        )}
        <div class="prefs">
          <button type="button" class="chip" data-testid="toggle-large-text" aria-pressed={largeText.value} onClick={() => (largeText.value = !largeText.value)}>
            {largeText.value ? t('largeTextOff') : t('largeTextOn')}
          </button>
          <button type="button" class="chip" data-testid="toggle-lang" onClick={() => chooseLang(lang.value === 'en' ? 'zh-CN' : 'en')}>
            {t('switchLang')}
          </button>
        </div>
      </header>
      {waitingForBusyServer.value > 0 && (
        <p class="busy-notice" role="status" data-testid="busy-notice">
          {t('busyRetrying')}
        </p>
      )}
      <main>
        <Page />
      </main>
    </>
  );
}

void loadSession();
// Opened without the server: once the network is back, the server says who is signed in.
window.addEventListener('online', () => {
  if (sessionFromDevice.value || serverUnreachable.value) void loadSession();
});
// The service worker keeps the app on the device (web/sw); the development server has none to offer.
if (import.meta.env.PROD && 'serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
render(<App />, document.getElementById('app')!);
