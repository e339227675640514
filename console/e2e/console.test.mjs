// End to end: a real paycenter (target/debug/paycenter, the console embedded in it) on a free
// port with a fresh SQLite file and the sandbox on, driven in Debian's Chromium by Playwright.
// A tiny local receiver takes the merchant callbacks. Waits are on selectors and responses only.
//
// Run with ./e2e.sh (builds paycenter first), or `node --test e2e/` after building it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '../..')
const shots = resolve(here, '../screenshots')
const BINARY = process.env.PAYCENTER_BIN ?? join(repo, 'target/debug/paycenter')
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const PASSWORD = 'e2e-admin-password'
const WAIT = 30_000

/** Starts paycenter on a free port; resolves with its base URL once it logs that it listens. */
async function startPaycenter(dir) {
  const child = spawn(BINARY, [], {
    cwd: dir,
    env: {
      ...process.env,
      PAYCENTER_BIND: '127.0.0.1:0',
      PAYCENTER_DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}?mode=rwc`,
      PAYCENTER_ADMIN_PASSWORD: PASSWORD,
      PAYCENTER_SANDBOX: 'true',
      PAYCENTER_SANDBOX_NOTIFY_SPEEDUP: '1000',
      PAYCENTER_WORKER_POLL_MS: '100',
      PAYCENTER_LOG_FORMAT: 'text',
      NO_COLOR: '1',
      RUST_LOG: 'info,sqlx=warn,sea_orm=warn,tower_http=warn',
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

/** A merchant endpoint that records every callback and acknowledges it. */
async function startReceiver() {
  const received = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('ok')
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address()
  return { server, received, url: `http://127.0.0.1:${port}/paycenter` }
}

async function graphql(base, token, query, variables = {}) {
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

/** Resolves when `check()` is true, checking again after each callback arrives (no sleeps). */
function untilReceived(receiver, check) {
  return new Promise((resolveWait, reject) => {
    const timer = setTimeout(() => reject(new Error('callback not received')), WAIT)
    const poll = () => {
      if (check(receiver.received)) {
        clearTimeout(timer)
        resolveWait()
        return true
      }
      return false
    }
    if (!poll()) {
      receiver.server.on('request', (req) => req.on('end', () => setImmediate(poll)))
    }
  })
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** A page that records Content-Security-Policy violations and page errors. */
async function newPage(context, problems) {
  const page = await context.newPage()
  if (process.env.E2E_DEBUG) {
    page.on('websocket', (ws) => {
      console.log(`[ws open] ${ws.url()}`)
      ws.on('framesent', (f) => console.log(`[ws >] ${String(f.payload).slice(0, 200)}`))
      ws.on('framereceived', (f) => console.log(`[ws <] ${String(f.payload).slice(0, 200)}`))
      ws.on('close', () => console.log('[ws closed]'))
    })
  }
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

/** Every page of the context records CSP violations (read back with `violations`). */
async function recordViolations(context) {
  await context.addInitScript(() => {
    window.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} by ${e.blockedURI}`)
      console.error(`Refused to load: CSP violation of ${e.violatedDirective} by ${e.blockedURI}`)
    })
  })
}

const violations = (page) => page.evaluate(() => window.__csp ?? [])

async function login(page, base, username = 'admin', password = PASSWORD) {
  await page.goto(`${base}/console/`)
  await page.waitForURL(/\/console\/login/)
  await field(page, 'username').fill(username)
  await field(page, 'password').fill(password)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL(/\/console\/orders/)
  await page.locator('[data-test="whoami"]', { hasText: username }).waitFor()
}

/** The session token of a logged-in page. */
const tokenOf = async (page) => JSON.parse(await page.evaluate(() => sessionStorage.getItem('paycenter.session'))).token

/** An Element Plus input by its data-test name (the attribute lands on the <input> itself). */
const field = (scope, name) =>
  scope.locator(`input[data-test="${name}"], textarea[data-test="${name}"], [data-test="${name}"] input`)

const shot = (page, name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })

test('admin console end to end', { timeout: 300_000 }, async (t) => {
  mkdirSync(shots, { recursive: true })
  const dir = mkdtempSync(join(tmpdir(), 'paycenter-e2e-'))
  const receiver = await startReceiver()
  const server = await startPaycenter(dir)
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', acceptDownloads: true })
  context.setDefaultTimeout(WAIT)
  await recordViolations(context)
  const problems = []
  t.after(async () => {
    await browser.close()
    server.child.kill('SIGTERM')
    receiver.server.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const { base } = server
  const page = await newPage(context, problems)
  let failed = false
  /** A step; after one fails the rest are skipped rather than each timing out. */
  const step = (name, fn) =>
    t.test(name, { skip: failed && 'an earlier step failed' }, async () => {
      try {
        await fn()
      } catch (e) {
        failed = true
        throw e
      }
    })
  let projectId = ''
  let signingSecret = ''
  let adminToken = ''

  await step('log in', async () => {
    await page.goto(`${base}/console/`)
    await page.waitForURL(/\/console\/login/)
    await shot(page, 'login')
    // A wrong password says so and stays.
    await field(page, 'password').fill('wrong')
    await page.locator('[data-test="login-submit"]').click()
    await page.locator('[data-test="login-error"]').waitFor()
    await login(page, base)
    const session = await page.evaluate(() => sessionStorage.getItem('paycenter.session'))
    assert.ok(session && JSON.parse(session).token, 'the token is in sessionStorage')
    assert.equal(await page.evaluate(() => localStorage.getItem('paycenter.session')), null)
    adminToken = JSON.parse(session).token
  })

  await step('create a project from a sandbox merchant', async () => {
    await page.locator('[data-test="nav-projects"]').click()
    await page.waitForURL(/\/console\/projects$/)
    await page.locator('[data-test="new-project"]').click()
    const dialog = page.locator('[data-test="create-dialog"]')
    await dialog.locator('[data-test="fill-sandbox"]').click()
    await page.waitForFunction(() => {
      const el = document.querySelector('input[data-test="wechat-mchId"], [data-test="wechat-mchId"] input')
      return el instanceof HTMLInputElement && el.value !== ''
    })
    await field(dialog, 'project-name').fill('E2E shop')
    await field(dialog, 'project-callback').fill(receiver.url)
    await shot(page, 'project-create')
    await dialog.locator('[data-test="create-submit"]').click()
    const secrets = page.locator('[data-test="secret-dialog"]')
    await secrets.waitFor()
    const apiKey = await field(secrets, 'secret-API key').inputValue()
    assert.match(apiKey, /^pck_/)
    signingSecret = await field(secrets, 'secret-Signing secret').inputValue()
    assert.ok(signingSecret.length >= 32)
    await shot(page, 'project-secrets')
    await secrets.locator('[data-test="secret-done"]').click()
    await page.locator('[data-test="projects-table"]', { hasText: 'E2E shop' }).waitFor()
    await shot(page, 'projects')
  })

  await step('edit the project: secrets write-only, rotate the signing secret', async () => {
    await page.locator('[data-test="projects-table"] a', { hasText: 'E2E shop' }).click()
    await page.waitForURL(/\/console\/projects\/[^/]+$/)
    projectId = decodeURIComponent(page.url().split('/').pop())
    await page.locator('[data-test="wechat-apiKey-set"]', { hasText: 'Set' }).waitFor()
    await page.locator('[data-test="alipay-appPrivateKey-set"]', { hasText: 'Set' }).waitFor()
    // Secrets are never sent back: the fields start empty.
    assert.equal(await field(page, 'wechat-apiKey').inputValue(), '')
    // Saving with empty secret fields keeps them.
    await field(page, 'project-ttl').fill('1200')
    await page.locator('[data-test="project-save"]').click()
    await page.locator('.el-message--success').first().waitFor()
    const { project } = await graphql(base, adminToken, 'query($id: ID!){ project(id: $id){ orderTtlSeconds wechat { hasApiKey hasAppSecret } } }', { id: projectId })
    assert.deepEqual(project, { orderTtlSeconds: 1200, wechat: { hasApiKey: true, hasAppSecret: true } })
    await shot(page, 'project-detail')
    await page.locator('[data-test="rotate-secret"]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    const secrets = page.locator('[data-test="secret-dialog"]')
    await secrets.waitFor()
    const rotated = await field(secrets, 'secret-Signing secret').inputValue()
    assert.notEqual(rotated, signingSecret)
    signingSecret = rotated
    await secrets.locator('[data-test="secret-done"]').click()
  })

  await step('a WeChat Pay v3 project (certificate mode): v3 fields, the APIv3 key checked, platform certificates', async () => {
    await page.locator('[data-test="nav-projects"]').click()
    await page.waitForURL(/\/console\/projects$/)
    await page.locator('[data-test="new-project"]').click()
    const dialog = page.locator('[data-test="create-dialog"]')
    await dialog.locator('[data-test="fill-sandbox-certificate"]').click()
    await dialog.locator('[data-test="sandbox-mode"]', { hasText: 'certificate mode' }).waitFor()
    const serial = await field(dialog, 'wechat-merchantSerialNo').inputValue()
    assert.match(serial, /^[0-9A-F]{40}$/i)
    assert.match(await field(dialog, 'wechat-merchantPrivateKey').inputValue(), /^-----BEGIN (RSA )?PRIVATE KEY-----/)
    // Certificate mode: no WeChat Pay public key.
    assert.equal(await field(dialog, 'wechat-wechatPayPublicKeyId').inputValue(), '')
    await field(dialog, 'project-name').fill('E2E v3 shop')
    await dialog.locator('[data-test="wechat-apiVersion-V3"]').click()
    // The APIv3 key is exactly 32 bytes: checked before anything is sent.
    const apiV3Key = await field(dialog, 'wechat-apiV3Key').inputValue()
    assert.equal(Buffer.byteLength(apiV3Key), 32)
    await field(dialog, 'wechat-apiV3Key').fill(apiV3Key.slice(1))
    await dialog.locator('.el-form-item__error', { hasText: 'exactly 32 bytes, not 31' }).waitFor()
    let sent = 0
    const count = (r) => {
      if (r.url() === `${base}/graphql` && (r.postData() ?? '').includes('CreateProject')) {
        sent += 1
      }
    }
    page.on('request', count)
    await dialog.locator('[data-test="create-submit"]').click()
    await page.locator('.el-message--error', { hasText: 'exactly 32 bytes' }).first().waitFor()
    page.off('request', count)
    assert.equal(sent, 0, 'nothing is sent while the APIv3 key is wrong')
    await field(dialog, 'wechat-apiV3Key').fill(apiV3Key)
    await dialog.locator('.el-form-item__error', { hasText: 'exactly 32 bytes' }).waitFor({ state: 'hidden' })
    assert.equal(await dialog.locator('.el-form-item__error', { hasText: /\S/ }).count(), 0)
    await dialog.locator('[data-test="create-submit"]').click()
    const secrets = page.locator('[data-test="secret-dialog"]')
    await secrets.waitFor()
    await secrets.locator('[data-test="secret-done"]').click()
    await page.locator('[data-test="projects-table"] a', { hasText: 'E2E v3 shop' }).click()
    await page.waitForURL(/\/console\/projects\/[^/]+$/)
    const v3ProjectId = decodeURIComponent(page.url().split('/').pop())
    await page.locator('[data-test="wechat-merchantPrivateKey-set"]', { hasText: 'Set' }).waitFor()
    await page.locator('[data-test="wechat-apiV3Key-set"]', { hasText: 'Set' }).waitFor()
    await page.locator('[data-test="wechat-wechatPayPublicKey-set"]', { hasText: 'Not set' }).waitFor()
    assert.equal(await field(page, 'wechat-merchantSerialNo').inputValue(), serial)
    // Write-only: the secrets never come back.
    assert.equal(await field(page, 'wechat-merchantPrivateKey').inputValue(), '')
    assert.equal(await field(page, 'wechat-apiV3Key').inputValue(), '')
    await page.locator('[data-test="platform-certificates-none"]').waitFor()
    // The first v3 call downloads the platform certificate; the project page lists it.
    const { payOrder } = await graphql(
      base,
      adminToken,
      'mutation($i: PayOrderInput!){ payOrder(input: $i){ order { id } payParams { __typename ... on QrCodeParams { codeUrl } } } }',
      { i: { projectId: v3ProjectId, orderNo: `E2E-V3-${Date.now()}`, amount: 100, subject: 'E2E v3', channel: 'WECHAT_NATIVE' } },
    )
    assert.equal(payOrder.payParams.__typename, 'QrCodeParams')
    const { project } = await graphql(
      base,
      adminToken,
      'query($id: ID!){ project(id: $id){ wechat { apiVersion merchantSerialNo hasMerchantPrivateKey hasApiV3Key hasWechatPayPublicKey platformCertificates { serialNo expiresAt } } } }',
      { id: v3ProjectId },
    )
    assert.equal(project.wechat.apiVersion, 'V3')
    assert.equal(project.wechat.hasWechatPayPublicKey, false)
    assert.equal(project.wechat.platformCertificates.length, 1, JSON.stringify(project.wechat))
    await page.reload()
    await page.locator('[data-test="platform-certificates"]', { hasText: project.wechat.platformCertificates[0].serialNo }).waitFor()
    await page.locator('[data-test="wechat-apiVersion-V3"].is-active').waitFor()
    await shot(page, 'project-v3')
  })

  const orderNo = `E2E-${Date.now()}`
  let orderId = ''
  const buyer = await newPage(context, problems)

  await step('a new order appears live; paid from the Sandbox page it turns PAID without a reload', async () => {
    await page.locator('[data-test="nav-orders"]').click()
    await page.waitForURL(/\/console\/orders/)
    await page.locator('[data-test="live"]', { hasText: 'Live' }).waitFor()
    let navigations = 0
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) {
        navigations += 1
      }
    })
    // The order is placed by the merchant's side (here: GraphQL with the admin token).
    const { payOrder } = await graphql(
      base,
      adminToken,
      'mutation($i: PayOrderInput!){ payOrder(input: $i){ order { id state } } }',
      { i: { projectId, orderNo, amount: 1234, subject: 'E2E coffee', channel: 'WECHAT_NATIVE' } },
    )
    orderId = payOrder.order.id
    assert.equal(payOrder.order.state, 'PENDING')
    await page.locator(`[data-test="state-${orderNo}"] [data-state="PENDING"]`).waitFor()

    // The buyer, in another tab: the Sandbox page.
    await login(buyer, base)
    await buyer.locator('[data-test="nav-sandbox"]').click()
    await buyer.waitForURL(/\/console\/sandbox/)
    await buyer.locator(`[data-test="pay-${orderNo}"]`).waitFor()
    await shot(buyer, 'sandbox')
    await buyer.locator(`[data-test="pay-${orderNo}"]`).click()
    await buyer.locator(`[data-test="sandbox-state-${orderNo}"] [data-state="PAID"]`).waitFor()

    await page.locator(`[data-test="state-${orderNo}"] [data-state="PAID"]`).waitFor()
    assert.equal(navigations, 0, 'the orders list changed without a reload')
    await shot(page, 'orders')
  })

  await step('the order detail shows the timeline and the delivered callback', async () => {
    await untilReceived(receiver, (r) => r.some((c) => c.body.includes(orderId) && c.body.includes('order.paid')))
    const paid = receiver.received.find((c) => c.body.includes('order.paid'))
    const sig = Object.fromEntries(paid.headers['paycenter-signature'].split(',').map((kv) => kv.split('=')))
    const expected = createHmac('sha256', signingSecret).update(`${sig.t}.${paid.body}`).digest('hex')
    assert.equal(sig.v1, expected, 'the callback is signed with the rotated secret')
    const body = JSON.parse(paid.body)
    assert.equal(body.data.amount, 1234)
    assert.equal(body.data.amountYuan, '12.34')

    await page.locator(`[data-test="order-link-${orderNo}"]`).click()
    await page.waitForURL(/\/console\/orders\/[^/]+$/)
    await page.locator('[data-test="event-CREATED"]').waitFor()
    await page.locator('[data-test="event-PAID"]').waitFor()
    await page.locator('[data-test="amount"]', { hasText: '¥12.34' }).waitFor()
    // The callback attempt shows once delivered (the page looks again until it is).
    await page.locator('[data-test="callback-1"]', { hasText: '200' }).waitFor()
    await page.locator('[data-test="callback-delivered"]', { hasText: 'Delivered' }).waitFor()
    // The provider's raw notify, folded away until asked for.
    const paidEvent = page.locator('.el-timeline-item', { has: page.locator('[data-test="event-PAID"]') })
    const fold = paidEvent.locator('.el-collapse-item__header')
    if ((await fold.count()) > 0) {
      await fold.first().click()
      await paidEvent.locator('pre.raw').waitFor()
    }
    await shot(page, 'order-detail')
  })

  await step('refund part of it from the UI', async () => {
    await page.locator('[data-test="refund"]').click()
    const dialog = page.locator('[data-test="refund-dialog"]')
    await dialog.waitFor()
    await dialog.locator('[data-test="refund-partial"]').click()
    // More than was paid is refused in the form.
    await field(dialog, 'refund-amount').fill('20.00')
    await dialog.locator('[data-test="refund-submit"]').click()
    await dialog.locator('[data-test="refund-error"]').waitFor()
    await field(dialog, 'refund-amount').fill('2.34')
    await field(dialog, 'refund-reason').fill('e2e partial refund')
    await shot(page, 'refund-dialog')
    await dialog.locator('[data-test="refund-submit"]').click()
    await page.locator('[data-test="order-state"] [data-state="PARTIALLY_REFUNDED"]').waitFor()
    await page.locator('[data-test="refunded"]', { hasText: '¥2.34' }).waitFor()
    await page.locator('[data-test="refunds-table"] [data-state="SUCCEEDED"]').waitFor()
    await shot(page, 'order-refunded')
  })

  await step('resend the callback', async () => {
    // The refund's own callback first, so the resend is counted on its own.
    await untilReceived(receiver, (r) => r.some((c) => c.body.includes('order.refunded')))
    const rows = page.locator('[data-test="callbacks-table"] .el-table__body tr.el-table__row')
    await page.waitForFunction(() => document.querySelectorAll('[data-test^="callback-"]').length >= 2)
    const before = await rows.count()
    const delivered = receiver.received.length
    await page.locator('[data-test="resend"]').click()
    await untilReceived(receiver, (r) => r.length > delivered)
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-test="callbacks-table"] .el-table__body tr.el-table__row').length > n,
      before,
    )
    const again = receiver.received[receiver.received.length - 1]
    assert.ok(again.headers['paycenter-event-id'])
    await shot(page, 'order-callbacks')
  })

  await step('ask the provider, then close a pending Alipay order from its page', async () => {
    const { payOrder } = await graphql(
      base,
      adminToken,
      'mutation($i: PayOrderInput!){ payOrder(input: $i){ order { id } } }',
      { i: { projectId, orderNo: `${orderNo}-C`, amount: 1, subject: 'E2E close', channel: 'ALIPAY_QR' } },
    )
    await page.goto(`${base}/console/orders/${payOrder.order.id}`)
    await page.locator('[data-test="order-state"] [data-state="PENDING"]').waitFor()
    const refreshed = page.waitForResponse(
      (r) => r.url() === `${base}/graphql` && (r.request().postData() ?? '').includes('"refresh":true'),
    )
    await page.locator('[data-test="refresh"]').click()
    assert.equal((await (await refreshed).json()).data.order.state, 'PENDING')
    await page.locator('[data-test="close"]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('[data-test="order-state"] [data-state="CLOSED"]').waitFor()
    await page.locator('[data-test="event-CLOSED"]').waitFor()
    // Closed: no more close or refund.
    assert.equal(await page.locator('[data-test="close"]').count(), 0)
    assert.equal(await page.locator('[data-test="refund"]').count(), 0)
  })

  await step('export the filtered orders as CSV', async () => {
    await page.goto(`${base}/console/orders?orderNo=${encodeURIComponent(orderNo)}`)
    await page.locator(`[data-test="state-${orderNo}"]`).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export"]').click()])
    const text = readFileSync(await download.path(), 'utf8')
    assert.ok(text.startsWith('\uFEFFid,projectId,project,orderNo'), text.slice(0, 80))
    const lines = text.slice(1).split('\r\n')
    assert.equal(lines.length, 3, 'header, one order, and the final CRLF')
    assert.ok(lines[1].includes(`,${orderNo},E2E coffee,WECHAT_NATIVE,PARTIALLY_REFUNDED,12.34,12.34,2.34,`), lines[1])
  })

  await step('the dashboard: totals for today, and they change live with a new payment', async () => {
    await page.locator('[data-test="nav-dashboard"]').click()
    await page.waitForURL(/\/console\/dashboard/)
    // The E2E order: ¥12.34 paid, ¥2.34 refunded.
    await page.locator('[data-test="paid-amount"]', { hasText: '¥12.34' }).waitFor()
    await page.locator('[data-test="refunded-amount"]', { hasText: '¥2.34' }).waitFor()
    await page.locator('[data-test="paid-count"]', { hasText: /^1$/ }).waitFor()
    await page.locator('[data-test="live"]', { hasText: 'Live' }).waitFor()
    let navigations = 0
    const onNav = (f) => {
      if (f === page.mainFrame()) {
        navigations += 1
      }
    }
    page.on('framenavigated', onNav)
    const { payOrder } = await graphql(
      base,
      adminToken,
      'mutation($i: PayOrderInput!){ payOrder(input: $i){ order { id } } }',
      { i: { projectId, orderNo: `${orderNo}-D`, amount: 766, subject: 'E2E tea', channel: 'ALIPAY_QR' } },
    )
    await graphql(base, adminToken, 'mutation($id: ID!){ sandboxPay(orderId: $id, outcome: SUCCESS){ id } }', { id: payOrder.order.id })
    await page.locator('[data-test="paid-amount"]', { hasText: '¥20.00' }).waitFor()
    await page.locator('[data-test="paid-count"]', { hasText: /^2$/ }).waitFor()
    await page.locator('[data-test="feed"] li', { hasText: `${orderNo}-D` }).first().waitFor()
    page.off('framenavigated', onNav)
    assert.equal(navigations, 0, 'the dashboard changed without a reload')
    await page.locator('[data-test="by-channel"]', { hasText: 'Alipay QR' }).waitFor()
    await shot(page, 'dashboard')
  })

  await step('the refunds and callbacks lists, with totals', async () => {
    await page.locator('[data-test="nav-refunds"]').click()
    await page.waitForURL(/\/console\/refunds/)
    await page.locator('[data-test="refunds-list"]', { hasText: orderNo }).waitFor()
    await page.locator('[data-test="total"]', { hasText: '1' }).waitFor()
    await shot(page, 'refunds')
    await page.locator('[data-test="nav-callbacks"]').click()
    await page.waitForURL(/\/console\/callbacks/)
    // Nothing failed: the failed-delivery view is empty; every event is in the delivered one.
    await page.locator('[data-test="total"]', { hasText: '0' }).waitFor()
    await page.locator('[data-test="view-delivered"]').click()
    await page.locator(`[data-test="callback-order-${orderNo}"]`).first().waitFor()
    await page.locator(`[data-test="resend-${orderNo}"]`).first().waitFor()
    await shot(page, 'callbacks')
  })

  await step('send a test callback from the project page', async () => {
    await page.goto(`${base}/console/projects/${projectId}`)
    const before = receiver.received.length
    await page.locator('[data-test="send-test-callback"]').click()
    await page.locator('[data-test="test-callback-result"]', { hasText: 'HTTP 200' }).waitFor()
    await untilReceived(receiver, (r) => r.length > before)
    const test = receiver.received[receiver.received.length - 1]
    assert.equal(JSON.parse(test.body).type, 'test')
    const sig = Object.fromEntries(test.headers['paycenter-signature'].split(',').map((kv) => kv.split('=')))
    assert.equal(sig.v1, createHmac('sha256', signingSecret).update(`${sig.t}.${test.body}`).digest('hex'))
    await shot(page, 'project-test-callback')
  })

  await step('create a VIEWER admin', async () => {
    await page.locator('[data-test="nav-admins"]').click()
    await page.waitForURL(/\/console\/admins/)
    await page.locator('[data-test="new-admin"]').click()
    const dialog = page.locator('[data-test="admin-dialog"]')
    await field(dialog, 'admin-username').fill('e2e-viewer')
    await field(dialog, 'admin-password').fill('e2e-viewer-password')
    await dialog.locator('[data-test="admin-role"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'Viewer' }).click()
    await dialog.locator('[data-test="admin-submit"]').click()
    await page.locator('[data-test="admin-status-e2e-viewer"]', { hasText: 'Enabled' }).waitFor()
    // The same name again is refused with a clear message.
    await page.locator('[data-test="new-admin"]').click()
    await field(dialog, 'admin-username').fill('e2e-viewer')
    await field(dialog, 'admin-password').fill('e2e-viewer-password')
    await dialog.locator('[data-test="admin-submit"]').click()
    await dialog.locator('[data-test="admin-error"]', { hasText: 'username is taken' }).waitFor()
    await dialog.locator('.el-dialog__headerbtn').click()
    await shot(page, 'admins')
  })

  await step('a VIEWER sees no refund button, and the server refuses the refund anyway', async () => {
    const viewerContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
    viewerContext.setDefaultTimeout(WAIT)
    await recordViolations(viewerContext)
    const viewer = await newPage(viewerContext, problems)
    try {
      await login(viewer, base, 'e2e-viewer', 'e2e-viewer-password')
      await viewer.locator('[data-test="my-role"]', { hasText: 'Viewer' }).waitFor()
      await viewer.goto(`${base}/console/orders/${orderId}`)
      await viewer.locator('[data-test="order-state"] [data-state="PARTIALLY_REFUNDED"]').waitFor()
      await viewer.locator('[data-test="event-PAID"]').waitFor()
      assert.equal(await viewer.locator('[data-test="refund"]').count(), 0)
      assert.equal(await viewer.locator('[data-test="resend"]').count(), 0)
      // No "New project" either.
      const viewerToken = await tokenOf(viewer)
      await shot(viewer, 'order-viewer')
      const r = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${viewerToken}` },
        body: JSON.stringify({
          query: 'mutation($id: ID!){ refundOrder(id: $id, refundNo: "E2E-VIEWER", amount: 1){ id } }',
          variables: { id: orderId },
        }),
      })
      const body = await r.json()
      assert.equal(body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(body))
      await viewer.locator('[data-test="nav-projects"]').click()
      await viewer.waitForURL(/\/console\/projects$/)
      await viewer.locator('[data-test="projects-table"]', { hasText: 'E2E shop' }).waitFor()
      assert.equal(await viewer.locator('[data-test="new-project"]').count(), 0)
      assert.deepEqual(await violations(viewer), [])
    } finally {
      await viewerContext.close()
    }
  })

  await step('the audit log shows who did what', async () => {
    await page.locator('[data-test="nav-audit"]').click()
    await page.waitForURL(/\/console\/audit/)
    await page.locator('[data-test="audit-ADMIN_CREATED"]').first().waitFor()
    await page.locator('[data-test="audit-REFUND_REQUESTED"]').first().waitFor()
    await page.locator('[data-test="audit-TEST_CALLBACK_SENT"]').first().waitFor()
    await page.locator('[data-test="audit-SIGNING_SECRET_ROTATED"]').first().waitFor()
    await page.locator('[data-test="audit-LOGIN"]').first().waitFor()
    await shot(page, 'audit-log')
  })

  await step('switch the language (remembered)', async () => {
    await page.locator('[data-test="locale"]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '简体中文' }).click()
    await page.locator('[data-test="nav-orders"]', { hasText: '订单' }).waitFor()
    await page.reload()
    await page.locator('[data-test="nav-orders"]', { hasText: '订单' }).waitFor()
    await shot(page, 'audit-log-zh')
    await page.locator('[data-test="nav-dashboard"]').click()
    await page.locator('[data-test="paid-amount"]', { hasText: '¥20.00' }).waitFor()
    await shot(page, 'dashboard-zh')
    await page.locator('[data-test="nav-orders"]').click()
    await page.locator(`[data-test="state-${orderNo}"]`).waitFor()
    await shot(page, 'orders-zh')
    await page.locator('[data-test="locale"]').click()
    await page.locator('.el-select-dropdown__item', { hasText: 'English' }).click()
    await page.locator('[data-test="nav-orders"]', { hasText: 'Orders' }).waitFor()
  })

  await step('reconcile a day from the console: a healed payment, an amount to resolve with a note', async () => {
    const { project } = await graphql(base, adminToken, 'query($id: ID!){ project(id: $id){ wechat { mchId } } }', { id: projectId })
    const mchId = project.wechat.mchId
    const sandboxPost = async (path, body, method = 'POST') => {
      const r = await fetch(`${base}/sandbox${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      })
      assert.ok(r.ok, `${method} /sandbox${path}: HTTP ${r.status} ${await r.text()}`)
    }
    // A payment whose notify is lost: paycenter never hears of it, the bill has it.
    const lostNo = `${orderNo}-R`
    const { payOrder } = await graphql(
      base,
      adminToken,
      'mutation($i: PayOrderInput!){ payOrder(input: $i){ order { id } } }',
      { i: { projectId, orderNo: lostNo, amount: 500, subject: 'E2E lost notify', channel: 'WECHAT_NATIVE' } },
    )
    await sandboxPost('/faults', { merchantId: mchId, outTradeNo: lostNo, dropNotifies: true })
    await graphql(base, adminToken, 'mutation($id: ID!){ sandboxPay(orderId: $id, outcome: SUCCESS){ id } }', { id: payOrder.order.id })
    const { order: lost } = await graphql(base, adminToken, 'query($id: ID!){ order(id: $id){ state } }', { id: payOrder.order.id })
    assert.equal(lost.state, 'PENDING', 'the notify was lost')
    // The bill states 12.35 yuan for the 12.34 yuan order.
    await sandboxPost('/faults', { merchantId: mchId, outTradeNo: orderNo, billAmountFen: 1235 })
    // Today's bill is out: the bill clock stands at tomorrow, bills ready from midnight.
    await sandboxPost('/settings', { billClock: new Date(Date.now() + 86_400_000).toISOString(), billReadyHour: 0 })
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

    await page.locator('[data-test="nav-reconciliation"]').click()
    await page.waitForURL(/\/console\/reconciliation$/)
    await page.locator('[data-test="reports-list"]').waitFor()
    await page.locator('[data-test="reconcile-day"]').click()
    const dialog = page.locator('[data-test="reconcile-dialog"]')
    await dialog.locator('[data-test="reconcile-project"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^E2E shop$/ }).click()
    const day = field(dialog, 'reconcile-day-picker')
    await day.fill(today)
    await day.press('Enter')
    await dialog.locator('[data-test="reconcile-provider"]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'WeChat Pay' }).click()
    await dialog.locator('[data-test="reconcile-submit"]').click()
    // The report of the day opens.
    await page.waitForURL(/\/console\/reconciliation\/[^/]+$/)
    const reportId = decodeURIComponent(page.url().split('/').pop())
    await page.locator('[data-test="report-status"][data-status="DONE"]').waitFor()
    await page.locator('[data-test="report-title"]', { hasText: `${today} · WeChat Pay · E2E shop` }).waitFor()
    // The bill: 12.35 + 5.00; paycenter: 12.34 + 5.00 (healed); the refund of 2.34 on both.
    await page.locator('[data-test="bill-payments"]', { hasText: /^2$/ }).waitFor()
    await page.locator('[data-test="bill-paidAmount"]', { hasText: '¥17.35' }).waitFor()
    await page.locator('[data-test="ours-paidAmount"]', { hasText: '¥17.34' }).waitFor()
    await page.locator('[data-test="bill-refundedAmount"]', { hasText: '¥2.34' }).waitFor()
    await page.locator('[data-test="ours-refundedAmount"]', { hasText: '¥2.34' }).waitFor()
    await page.locator('[data-test="discrepancy-status-PAID_NOT_RECORDED"][data-status="HEALED"]').waitFor()
    await page.locator('[data-test="discrepancy-status-AMOUNT_DIFFERS"][data-status="OPEN"]').waitFor()
    await page.locator('[data-test="discrepancy-amount-AMOUNT_DIFFERS"]', { hasText: '¥12.34' }).waitFor()
    await page.locator('[data-test="discrepancy-bill-AMOUNT_DIFFERS"]', { hasText: '¥12.35' }).waitFor()
    await page.locator('[data-test="report-counts"]', { hasText: '1 open of 2' }).waitFor()
    // Healing went through the order's state machine: the lost payment is PAID.
    const { order: healed } = await graphql(base, adminToken, 'query($id: ID!){ order(id: $id){ state } }', { id: payOrder.order.id })
    assert.equal(healed.state, 'PAID')
    // The merchant hears of the open discrepancy, signed like every callback.
    await untilReceived(receiver, (r) => r.some((c) => c.body.includes('reconciliation.discrepancy')))
    const event = receiver.received.find((c) => c.body.includes('reconciliation.discrepancy'))
    const sig = Object.fromEntries(event.headers['paycenter-signature'].split(',').map((kv) => kv.split('=')))
    assert.equal(sig.v1, createHmac('sha256', signingSecret).update(`${sig.t}.${event.body}`).digest('hex'))
    const data = JSON.parse(event.body).data
    assert.equal(data.kind, 'AMOUNT_DIFFERS')
    assert.equal(data.reportId, reportId)
    assert.equal(data.billAmount, 1235)

    // Resolving needs a note.
    await page.locator('[data-test="resolve-AMOUNT_DIFFERS"]').click()
    const resolve = page.locator('[data-test="resolve-dialog"]')
    await resolve.locator('[data-test="resolve-submit"]').click()
    await resolve.locator('[data-test="resolve-error"]', { hasText: 'Write what was done' }).waitFor()
    await field(resolve, 'resolve-note').fill('Checked with WeChat Pay support: their bill rounds a coupon; 12.34 is right.')
    await resolve.locator('[data-test="resolve-submit"]').click()
    await page.locator('[data-test="discrepancy-status-AMOUNT_DIFFERS"][data-status="RESOLVED"]').waitFor()
    await page.locator('[data-test="discrepancy-note-AMOUNT_DIFFERS"]', { hasText: 'their bill rounds a coupon' }).waitFor()
    await page.locator('[data-test="report-counts"]', { hasText: '0 open of 2' }).waitFor()
    assert.equal(await page.locator('[data-test="resolve-AMOUNT_DIFFERS"], [data-test="resolve-PAID_NOT_RECORDED"]').count(), 0)
    await shot(page, 'reconciliation-report')

    await page.locator('[data-test="nav-reconciliation"]').click()
    await page.waitForURL(/\/console\/reconciliation$/)
    await page.locator(`[data-test="report-status-WECHAT-${today}"][data-status="DONE"]`).waitFor()
    await page.locator(`[data-test="report-open-WECHAT-${today}"]`, { hasText: '0 open of 2' }).waitFor()
    await page.locator('[data-test="total"]', { hasText: '1' }).waitFor()
    await shot(page, 'reconciliation')

    // Both are in the audit log.
    await page.locator('[data-test="nav-audit"]').click()
    await page.locator('[data-test="audit-RECONCILIATION_RUN"]').first().waitFor()
    await page.locator('[data-test="audit-DISCREPANCY_RESOLVED"]').first().waitFor()

    // A VIEWER reads the reports but is offered neither action, and the server refuses both.
    const viewerContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
    viewerContext.setDefaultTimeout(WAIT)
    await recordViolations(viewerContext)
    const viewer = await newPage(viewerContext, problems)
    try {
      await login(viewer, base, 'e2e-viewer', 'e2e-viewer-password')
      await viewer.locator('[data-test="nav-reconciliation"]').click()
      await viewer.locator(`[data-test="report-status-WECHAT-${today}"]`).waitFor()
      assert.equal(await viewer.locator('[data-test="reconcile-day"]').count(), 0)
      await viewer.locator(`[data-test="report-WECHAT-${today}"]`).click()
      await viewer.locator('[data-test="discrepancy-status-PAID_NOT_RECORDED"]').waitFor()
      assert.equal(await viewer.locator('[data-test="reconcile-again"]').count(), 0)
      assert.equal(await viewer.locator('[data-test="resolve-AMOUNT_DIFFERS"], [data-test="resolve-PAID_NOT_RECORDED"]').count(), 0)
      const viewerToken = await tokenOf(viewer)
      const refused = async (query, variables) => {
        const r = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${viewerToken}` },
          body: JSON.stringify({ query, variables }),
        })
        const body = await r.json()
        assert.equal(body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(body))
      }
      await refused('mutation($p: ID!, $d: NaiveDate!){ reconcile(projectId: $p, date: $d){ id } }', { p: projectId, d: today })
      const { discrepancies } = await graphql(base, adminToken, 'query($r: ID!){ discrepancies(filter: {reportId: $r, kind: PAID_NOT_RECORDED}){ nodes { id } } }', { r: reportId })
      await refused('mutation($id: ID!){ resolveDiscrepancy(id: $id, note: "viewer"){ id } }', { id: discrepancies.nodes[0].id })
      assert.deepEqual(await violations(viewer), [])
    } finally {
      await viewerContext.close()
    }
    await sandboxPost('/settings', null, 'DELETE')
    await sandboxPost('/faults', null, 'DELETE')
  })

  await step('GraphiQL opens from the console, served by paycenter itself', async () => {
    const external = []
    const onRequest = (r) => {
      const url = r.url()
      if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        external.push(url)
      }
    }
    context.on('request', onRequest)
    // The new tab inherits the console's sessionStorage, so the token is in GraphiQL's headers.
    const [gql] = await Promise.all([context.waitForEvent('page'), page.locator('a.graphiql').click()])
    gql.on('pageerror', (e) => problems.push(`pageerror on GraphiQL: ${e.message}`))
    await gql.waitForURL(`${base}/graphql`)
    await gql.locator('.graphiql-container').waitFor()
    await gql.locator('.graphiql-query-editor .monaco-editor').waitFor()
    // The default query (`me`) runs with that header through paycenter's own fetcher.
    const answered = gql.waitForResponse((r) => r.url() === `${base}/graphql` && r.request().method() === 'POST')
    await gql.locator('.graphiql-execute-button').click()
    assert.equal((await (await answered).json()).data.me.kind, 'ADMIN')
    await gql.locator('.graphiql-response', { hasText: 'ADMIN' }).waitFor()
    // The schema comes with the page: the docs know the API without an introspection query.
    await gql.locator('.graphiql-sidebar button[aria-label*="Documentation"]').click()
    await gql.locator('.graphiql-doc-explorer', { hasText: 'QueryRoot' }).waitFor()
    await shot(gql, 'graphiql')
    context.off('request', onRequest)
    assert.deepEqual(external, [])
    assert.deepEqual(await violations(gql), [])
    await gql.close()
  })

  await step('log out; a refused token goes back to the login page', async () => {
    await page.locator('[data-test="logout"]').click()
    await page.waitForURL(/\/console\/login/)
    assert.equal(await page.evaluate(() => sessionStorage.getItem('paycenter.session')), null)
    // A token the server does not accept (signed by nobody) ends the session.
    await page.evaluate(() =>
      sessionStorage.setItem(
        'paycenter.session',
        JSON.stringify({ token: 'not-a-valid-token', expiresAt: new Date(Date.now() + 3600_000).toISOString(), username: 'admin' }),
      ),
    )
    await page.goto(`${base}/console/orders`)
    await page.waitForURL(/\/console\/login\?.*reason=unauthenticated/)
    assert.equal(await page.evaluate(() => sessionStorage.getItem('paycenter.session')), null)
  })

  await step('the policy is enforced: an injected inline script does not run', async () => {
    await page.evaluate(() => {
      window.__ran = false
      const el = document.createElement('script')
      el.textContent = 'window.__ran = true'
      document.body.appendChild(el)
    })
    await page.waitForFunction(() => window.__csp.length > 0)
    assert.equal(await page.evaluate(() => window.__ran), false)
    const seen = await violations(page)
    assert.ok(seen.some((v) => v.startsWith('script-src')), JSON.stringify(seen))
    // Only this deliberate one.
    await page.evaluate(() => {
      window.__csp = []
    })
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('script-src')))
  })

  await t.test('no Content-Security-Policy violation or page error on any page', async () => {
    assert.deepEqual(await violations(page), [])
    assert.deepEqual(await violations(buyer), [])
    assert.deepEqual(problems, [])
  })
})
