// What the end-to-end tests share: a real paycenter (target/debug/paycenter, the console and the
// checkout page embedded in it) on a free port with a fresh SQLite file and the sandbox on;
// Debian's Chromium driven by Playwright; pages that record Content-Security-Policy violations.
import { spawn } from 'node:child_process'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const repo = resolve(here, '../..')
export const shots = resolve(here, '../screenshots')
export const BINARY = process.env.PAYCENTER_BIN ?? join(repo, 'target/debug/paycenter')
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
export const WAIT = 30_000

export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Starts paycenter in `dir`; resolves with its base URL once it logs that it listens. */
export async function startPaycenter(dir, password, env = {}) {
  const child = spawn(BINARY, [], {
    cwd: dir,
    env: {
      ...process.env,
      PAYCENTER_BIND: '127.0.0.1:0',
      PAYCENTER_DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}?mode=rwc`,
      PAYCENTER_ADMIN_PASSWORD: password,
      PAYCENTER_SANDBOX: 'true',
      PAYCENTER_SANDBOX_NOTIFY_SPEEDUP: '1000',
      PAYCENTER_WORKER_POLL_MS: '100',
      PAYCENTER_LOG_FORMAT: 'text',
      NO_COLOR: '1',
      RUST_LOG: 'info,sqlx=warn,sea_orm=warn,tower_http=warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const base = await new Promise((resolveBase, reject) => {
    const onData = (chunk) => {
      log += chunk.toString()
      // "paycenter listening address=127.0.0.1:PORT …" (ANSI colours stripped).
      // eslint-disable-next-line no-control-regex
      const m = /paycenter listening\s+address=(\S+)/.exec(log.replace(/\x1b\[[0-9;]*m/g, ''))
      if (m) {
        resolveBase(`http://${m[1]}`)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`paycenter exited (${code}) before listening:\n${log}`)))
    child.on('error', reject)
  })
  return { child, base, log: () => log }
}

/** A GraphQL request; throws on errors. */
export async function graphql(base, token, query, variables = {}) {
  const r = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  })
  const body = await r.json()
  if (body.errors) {
    throw new Error(JSON.stringify(body.errors))
  }
  return body.data
}

/** Every page of the context records CSP violations (read back with `violations`). */
export async function recordViolations(context) {
  await context.addInitScript(() => {
    window.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} by ${e.blockedURI}`)
      console.error(`Refused to load: CSP violation of ${e.violatedDirective} by ${e.blockedURI}`)
    })
  })
}

export const violations = (page) => page.evaluate(() => window.__csp ?? [])

/** A page that records CSP violations and page errors into `problems`. */
export async function newPage(context, problems) {
  const page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`pageerror on ${page.url()}: ${e.message}`))
  page.on('console', (m) => {
    if (process.env.E2E_DEBUG) {
      console.log(`[page ${m.type()}] ${m.text()}`)
    }
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) {
      problems.push(`console on ${page.url()}: ${m.text()}`)
    }
  })
  return page
}
