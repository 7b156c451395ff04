/** Real server processes for system tests: start one with an environment, talk to it over HTTP. */
import { spawn, type ChildProcess } from 'node:child_process';

export class HttpSession {
  cookie = '';
  csrf = '';
  constructor(public base: string) {}

  async post(url: string, body: unknown): Promise<{ status: number; json: any }> {
    const response = await fetch(this.base + url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie, 'x-csrf-token': this.csrf },
      body: JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('hc_session=')) this.cookie = setCookie.split(';')[0]!;
    const json = await response.json().catch(() => undefined);
    if (json?.csrfToken) this.csrf = json.csrfToken;
    return { status: response.status, json };
  }

  async get(url: string): Promise<{ status: number; json: any }> {
    const response = await fetch(this.base + url, { headers: { cookie: this.cookie } });
    return { status: response.status, json: await response.json().catch(() => undefined) };
  }
}

export interface ServerProcess {
  base: string;
  process: ChildProcess;
}

/** Starts `healthcode start --workers 1` with `env` on a random port and waits until it is ready. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const child = spawn(process.execPath, ['bin/healthcode.js', 'start', '--workers', '1'], {
    // Lag-based shedding would make tests depend on how loaded the machine is; it has its own test.
    env: { PATH: process.env.PATH, PORT: String(port), HEALTHCODE_LOG_LEVEL: 'silent', HEALTHCODE_RATE_LIMIT_PER_MINUTE: '1000000', HEALTHCODE_MAX_EVENT_LOOP_DELAY_MS: '10000', ...env },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { base, process: child };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}
