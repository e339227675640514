// End to end: the hosted checkout page in Debian's Chromium, against a real paycenter with the
// sandbox on, and a small merchant website (a Node server) that places orders with its API key,
// receives the callbacks and shows the buyer's return. Waits are on selectors and URLs only.
//
// - a desktop buyer on ALIPAY_PAGE: checkout URL → Alipay's (sandbox) cashier → the merchant's
//   page, the order PAID;
// - a phone-sized buyer on ALIPAY_QR sees the QR code; the sandbox buyer pays; the page turns to
//   paid without a reload and sends the buyer back;
// - an expired order shows as expired;
// - with WebSockets refused, the page follows the order by polling;
// - the official Alipay SDK's pageExec output (GET URL and POST form) works against the sandbox,
//   and the SDK verifies the sandbox's signed return.
//
// Run with ./e2e.sh (builds paycenter first), or `node --test e2e/` after building it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { AlipaySdk } from 'alipay-sdk'
import {
  CHROMIUM,
  LAUNCH_ARGS,
  WAIT,
  graphql,
  newPage,
  recordViolations,
  shots,
  startPaycenter,
  violations,
} from './harness.mjs'

const PASSWORD = 'e2e-checkout-password'

const PAY_ORDER = `mutation($i: PayOrderInput!){ payOrder(input: $i){ checkoutUrl order { id orderNo state } } }`

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

/**
 * The merchant's website: `/callback` takes paycenter's callbacks, `/paid` is the page buyers come
 * back to (it asks paycenter for the order's state with the API key, never trusting the URL), and
 * `/sdk/*` pays through the official Alipay SDK without paycenter.
 */
async function startShop(base) {
  const callbacks = []
  const shop = { callbacks, apiKey: '', projectId: '', sdk: null, url: '' }
  const page = (title, body) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, shop.url)
    let body = ''
    req.on('data', (c) => (body += c))
    await new Promise((r) => req.on('end', r))
    const send = (status, html, type = 'text/html; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type })
      res.end(html)
    }
    try {
      if (req.method === 'POST' && url.pathname === '/callback') {
        callbacks.push({ headers: req.headers, body })
        send(200, 'ok', 'text/plain')
      } else if (url.pathname === '/paid') {
        const orderNo = url.searchParams.get('orderNo') ?? ''
        const { orderByNo } = await graphql(
          base,
          shop.apiKey,
          'query($p: ID!, $n: String!){ orderByNo(projectId: $p, orderNo: $n){ orderNo state amountYuan } }',
          { p: shop.projectId, n: orderNo },
        )
        send(
          200,
          page(
            'Thank you',
            `<p>Order <b data-test="merchant-order">${escapeHtml(orderByNo.orderNo)}</b>: <b data-test="merchant-state">${escapeHtml(orderByNo.state)}</b> (¥${escapeHtml(orderByNo.amountYuan)}, confirmed with paycenter)</p>`,
          ),
        )
      } else if (url.pathname === '/sdk/pay') {
        const method = url.searchParams.get('method') === 'POST' ? 'POST' : 'GET'
        const out = shop.sdk.pageExec('alipay.trade.page.pay', {
          method,
          returnUrl: `${shop.url}/sdk/return`,
          bizContent: {
            out_trade_no: url.searchParams.get('no'),
            product_code: 'FAST_INSTANT_TRADE_PAY',
            total_amount: '0.01',
            subject: 'SDK 测试商品',
          },
        })
        if (method === 'GET') {
          res.writeHead(302, { location: out })
          res.end()
        } else {
          send(200, page('Paying with Alipay', out))
        }
      } else if (url.pathname === '/sdk/return') {
        const fields = Object.fromEntries(url.searchParams)
        const verified = shop.sdk.checkNotifySign(fields)
        send(
          200,
          page(
            'Back from Alipay',
            `<p>Signature verified by the SDK: <b data-test="sdk-verified">${verified}</b>; trade <b data-test="sdk-trade">${escapeHtml(fields.out_trade_no ?? '')}</b></p>`,
          ),
        )
      } else {
        send(404, page('Not found', ''))
      }
    } catch (e) {
      send(500, page('Error', `<pre>${escapeHtml(e.stack ?? e)}</pre>`))
    }
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  shop.url = `http://127.0.0.1:${server.address().port}`
  shop.server = server
  return shop
}

const shot = (page, name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })

/** Plays the buyer at the sandbox (the QR code scanned and paid in the provider's app). */
async function sandboxBuyer(base, provider, merchantId, outTradeNo) {
  const r = await fetch(`${base}/sandbox/buyer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider, merchantId, outTradeNo, outcome: 'SUCCESS' }),
  })
  assert.equal(r.status, 200, await r.text())
}

/** Counts the main frame's navigations after the first load. */
function navigations(page) {
  const seen = { count: -1 }
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) {
      seen.count += 1
    }
  })
  return seen
}

test('hosted checkout end to end', { timeout: 300_000 }, async (t) => {
  mkdirSync(shots, { recursive: true })
  const dir = mkdtempSync(join(tmpdir(), 'paycenter-checkout-e2e-'))
  const server = await startPaycenter(dir, PASSWORD)
  const { base } = server
  const shop = await startShop(base)
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS })
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' })
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  for (const c of [desktop, phone]) {
    c.setDefaultTimeout(WAIT)
    await recordViolations(c)
  }
  const problems = []
  t.after(async () => {
    await browser.close()
    server.child.kill('SIGTERM')
    shop.server.close()
    rmSync(dir, { recursive: true, force: true })
  })
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

  let merchant = null
  const order = async (orderNo, channel, extra = {}) => {
    const { payOrder } = await graphql(base, shop.apiKey, PAY_ORDER, {
      i: { projectId: shop.projectId, orderNo, channel, returnUrl: `${shop.url}/paid`, ...extra },
    })
    assert.equal(payOrder.order.state, 'PENDING')
    assert.match(payOrder.checkoutUrl, new RegExp(`^${base}/checkout/${payOrder.order.id}\\?t=pct1\\.`))
    return payOrder
  }
  const stateOf = async (id) => (await graphql(base, shop.apiKey, 'query($id: ID!){ order(id: $id){ state } }', { id })).order.state

  await step('the merchant: a project on a sandbox merchant, its callbacks to the shop', async () => {
    const { adminLogin } = await graphql(base, null, 'mutation($p: String!){ adminLogin(username: "admin", password: $p){ token } }', {
      p: PASSWORD,
    })
    merchant = await (await fetch(`${base}/sandbox/merchants`, { method: 'POST' })).json()
    const { createProject } = await graphql(
      base,
      adminLogin.token,
      'mutation($i: CreateProjectInput!){ createProject(input: $i){ apiKey project { id } } }',
      { i: { name: 'E2E web shop', callbackUrl: `${shop.url}/callback`, wechat: merchant.wechat, alipay: merchant.alipay } },
    )
    shop.apiKey = createProject.apiKey
    shop.projectId = createProject.project.id
    const key = merchant.alipay.appPrivateKey
    shop.sdk = new AlipaySdk({
      appId: merchant.alipay.appId,
      privateKey: key,
      keyType: key.includes('BEGIN PRIVATE KEY') ? 'PKCS8' : 'PKCS1',
      alipayPublicKey: merchant.alipay.alipayPublicKey,
      gateway: `${base}/sandbox/alipay/gateway.do`,
    })
  })

  await step('desktop, ALIPAY_PAGE: checkout → Alipay cashier → back to the shop, PAID', async () => {
    const page = await newPage(desktop, problems)
    const { checkoutUrl, order: o } = await order(`WEB-${Date.now()}`, 'ALIPAY_PAGE', {
      amount: 2599,
      subject: 'Mechanical keyboard',
    })
    await page.goto(checkoutUrl)
    await page.locator('[data-test="merchant"]', { hasText: 'E2E web shop' }).waitFor()
    await page.locator('[data-test="amount"]', { hasText: '¥25.99' }).waitFor()
    await page.locator('[data-test="subject"]', { hasText: 'Mechanical keyboard' }).waitFor()
    await page.locator('[data-test="pay-button"]', { hasText: 'Pay with Alipay' }).waitFor()
    await page.locator('#checkout[data-live="ws"]').waitFor()
    // Both languages: 简体中文 on the switch, and back.
    await page.locator('[data-test="lang"]').click()
    await page.locator('[data-test="pay-button"]', { hasText: '前往支付宝付款' }).waitFor()
    await shot(page, 'checkout-page-zh')
    await page.locator('[data-test="lang"]').click()
    await page.locator('[data-test="pay-button"]', { hasText: 'Pay with Alipay' }).waitFor()
    await shot(page, 'checkout-page')
    assert.deepEqual(await violations(page), [])

    await page.locator('[data-test="pay-button"]').click()
    await page.waitForURL(/\/sandbox\/alipay\/cashier\//)
    await page.locator('[data-test="alipay-amount"]', { hasText: '¥25.99' }).waitFor()
    await shot(page, 'checkout-alipay-cashier')
    await page.locator('[data-test="alipay-pay"]').click()
    // Alipay's signed return goes to paycenter, which sends the buyer on to the shop.
    await page.waitForURL((u) => u.href.startsWith(`${shop.url}/paid?`))
    const back = new URL(page.url())
    assert.equal(back.searchParams.get('orderNo'), o.orderNo)
    assert.equal(back.searchParams.get('state'), 'PAID')
    await page.locator('[data-test="merchant-state"]', { hasText: 'PAID' }).waitFor()
    await shot(page, 'checkout-merchant-return')
    assert.equal(await stateOf(o.id), 'PAID')
    // The shop's callback.
    const deadline = Date.now() + WAIT
    while (!shop.callbacks.some((c) => c.body.includes(o.id) && c.body.includes('order.paid'))) {
      assert.ok(Date.now() < deadline, 'the order.paid callback')
      await new Promise((r) => setTimeout(r, 100))
    }
    await page.close()
  })

  await step('phone, ALIPAY_QR: the QR code, then paid without a reload, then back to the shop', async () => {
    const page = await newPage(phone, problems)
    const { checkoutUrl, order: o } = await order(`QR-${Date.now()}`, 'ALIPAY_QR', { amount: 1800, subject: '拿铁咖啡 大杯' })
    const seen = navigations(page)
    await page.goto(checkoutUrl)
    await page.locator('[data-test="qr"] svg').waitFor()
    await page.locator('[data-test="countdown"]', { hasText: '请在' }).waitFor()
    await page.locator('#checkout[data-live="ws"]').waitFor()
    await shot(page, 'checkout-qr-phone')
    await sandboxBuyer(base, 'alipay', merchant.alipay.appId, o.orderNo)
    await page.locator('[data-test="state-paid"]').waitFor()
    assert.equal(seen.count, 0, 'turned to paid without a reload')
    await shot(page, 'checkout-paid-phone')
    assert.deepEqual(await violations(page), [])
    // After the short pause, back to the shop on its own.
    await page.waitForURL((u) => u.href.startsWith(`${shop.url}/paid?`))
    await page.locator('[data-test="merchant-state"]', { hasText: 'PAID' }).waitFor()
    await page.close()
  })

  await step('an expired order shows as expired', async () => {
    const page = await newPage(phone, problems)
    const { checkoutUrl } = await order(`EXP-${Date.now()}`, 'WECHAT_NATIVE', { amount: 100, subject: '过期的订单', expiresInSeconds: 60 })
    await page.clock.install()
    await page.goto(checkoutUrl)
    await page.locator('[data-test="qr"] svg').waitFor()
    await page.locator('#checkout[data-live="ws"]').waitFor()
    // The minute runs out on the page's clock.
    await page.clock.fastForward('01:01')
    await page.locator('[data-test="state-expired"]').waitFor()
    assert.equal(await page.locator('[data-test="qr"]').count(), 0)
    await shot(page, 'checkout-expired-phone')
    await page.close()
  })

  await step('WebSockets refused: the page polls and still turns to paid', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' })
    ctx.setDefaultTimeout(WAIT)
    await recordViolations(ctx)
    // A proxy that drops every WebSocket.
    await ctx.routeWebSocket(/\/graphql$/, (ws) => ws.close())
    const page = await newPage(ctx, problems)
    const { checkoutUrl, order: o } = await order(`POLL-${Date.now()}`, 'WECHAT_NATIVE', { amount: 990, subject: 'Tea' })
    const seen = navigations(page)
    await page.goto(checkoutUrl)
    await page.locator('[data-test="qr"] svg').waitFor()
    await page.locator('#checkout[data-live="poll"]').waitFor()
    await page.locator('[data-test="live-mode"]', { hasText: 'Refreshing' }).waitFor()
    await sandboxBuyer(base, 'wechat', merchant.wechat.mchId, o.orderNo)
    await page.locator('[data-test="state-paid"]').waitFor()
    assert.equal(seen.count, 0)
    // "Back now" rather than waiting.
    await page.locator('[data-test="return-now"]').click()
    await page.waitForURL((u) => u.href.startsWith(`${shop.url}/paid?`))
    await ctx.close()
  })

  await step('a closed order is shown closed, and a bad link says so', async () => {
    const page = await newPage(desktop, problems)
    const { checkoutUrl, order: o } = await order(`CL-${Date.now()}`, 'ALIPAY_WAP', { amount: 300, subject: 'Cancelled' })
    await page.goto(checkoutUrl)
    await page.locator('[data-test="pay-button"]').waitFor()
    await page.locator('#checkout[data-live="ws"]').waitFor()
    await graphql(base, shop.apiKey, 'mutation($id: ID!){ closeOrder(id: $id){ state } }', { id: o.id })
    await page.locator('[data-test="state-closed"]').waitFor()
    await page.locator('[data-test="back-to-merchant"]').waitFor()
    // Another order's id under this ticket, and a ticket that is not one.
    const url = new URL(checkoutUrl)
    await page.goto(`${base}/checkout/ord_00000000000000000000000000000000${url.search}`)
    await page.locator('[data-test="invalid"]').waitFor()
    await page.goto(`${base}/checkout/${o.id}?t=pct1.forged`)
    await page.locator('[data-test="invalid"]').waitFor()
    assert.deepEqual(await violations(page), [])
    await page.close()
  })

  await step("the official Alipay SDK's pageExec output works against the sandbox", async () => {
    const page = await newPage(desktop, problems)
    for (const method of ['GET', 'POST']) {
      const no = `SDK-${method}-${Date.now()}`
      await page.goto(`${shop.url}/sdk/pay?method=${method}&no=${no}`)
      await page.waitForURL(/\/sandbox\/alipay\/cashier\//)
      await page.locator('[data-test="alipay-subject"]', { hasText: 'SDK 测试商品' }).waitFor()
      await page.locator('[data-test="alipay-pay"]').click()
      await page.waitForURL((u) => u.href.startsWith(`${shop.url}/sdk/return?`))
      await page.locator('[data-test="sdk-verified"]', { hasText: 'true' }).waitFor()
      await page.locator('[data-test="sdk-trade"]', { hasText: no }).waitFor()
    }
    await page.close()
  })

  await t.test('no Content-Security-Policy violation or page error', () => {
    assert.deepEqual(problems, [])
  })
})
