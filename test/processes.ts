/** Real server processes for system tests: start one with an environment, talk to it over HTTP. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../bin/healthcode.js');

/**
 * A signed-in browser, roughly: keeps the session cookie and CSRF token. Every request opens a new
 * connection, so that with `--workers N` requests spread over the workers instead of sticking to one.
 */
export class HttpSession {
  cookie = '';
  csrf = '';
  constructor(public base: string) {}

  async post(url: string, body: unknown): Promise<{ status: number; json: any }> {
    const response = await this.#request('POST', url, JSON.stringify(body));
    const setCookie = response.headers['set-cookie']?.find((c) => c.startsWith('hc_session='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    if (response.json?.csrfToken) this.csrf = response.json.csrfToken;
    return { status: response.status, json: response.json };
  }

  async get(url: string): Promise<{ status: number; json: any }> {
    const { status, json } = await this.#request('GET', url);
    return { status, json };
  }

  #request(method: string, url: string, body?: string): Promise<{ status: number; json: any; headers: IncomingHttpHeaders }> {
    const headers: Record<string, string> = { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body !== undefined && { 'content-type': 'application/json' }) };
    return new Promise((resolve, reject) => {
      const request = httpRequest(this.base + url, { method, headers, agent: false }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, json, headers: response.headers });
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  }
}

export interface ServerProcess {
  base: string;
  process: ChildProcess;
  /** Everything the server has written to standard output so far (its JSON log lines). */
  output: () => string;
}

/** Starts `healthcode start --workers N` (1 unless told) with `env` on a random port and waits until it is ready. */
export async function startServerProcess(env: Record<string, string>, workers = 1): Promise<ServerProcess> {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const child = spawn(process.execPath, [CLI, 'start', '--workers', String(workers)], {
    // Shedding on lag or on slow answers would make tests depend on how loaded the machine is; it has its own test.
    env: { PATH: process.env.PATH, PORT: String(port), HEALTHCODE_LOG_LEVEL: 'silent', HEALTHCODE_RATE_LIMIT_PER_MINUTE: '1000000', HEALTHCODE_MAX_EVENT_LOOP_DELAY_MS: '10000', HEALTHCODE_TARGET_LATENCY_MS: '60000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors = (errors + chunk).slice(-2000)));
  const base = `http://127.0.0.1:${port}`;
  // Generous: a start compiles the sources and migrates a new database, slow while the rest of the suite runs beside it.
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { base, process: child, output: () => output };
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready (exit code ${child.exitCode}): ${errors}`);
}

/** Runs the command line (`healthcode ARGS`) to its end, with `input` on its stdin. */
export function healthcode(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env: { ...process.env, HEALTHCODE_LOG_LEVEL: 'silent', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}
