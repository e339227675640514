// The hosted checkout page (`/checkout/{orderId}?t=<ticket>`): the merchant, the subject and the
// amount, then by channel a QR code with its countdown, a button to the provider's web cashier,
// or word that the app pays; the order followed live until it is paid, closed, expired or failed;
// a paid buyer sent back to the merchant's return URL. Plain TypeScript and the DOM, no framework.
import './style.css'
import type { CheckoutOrderQuery } from '@/gql/graphql'
import { CheckoutError, follow, query, type Mode, type StatusFields } from './api'
import { MESSAGES, other, pickLocale, type Locale } from './i18n'
import {
  actionOf,
  countdown,
  parseLocation,
  phaseOf,
  providerOf,
  returnTo,
  RETURN_DELAY_MS,
  type Phase,
} from './logic'
import { CHECKOUT_ORDER } from './operations'

type Order = CheckoutOrderQuery['order']

const root = document.getElementById('checkout') as HTMLElement
let locale: Locale = pickLocale(window.location.search, navigator.languages)
let order: Order | null = null
let mode: Mode | null = null
let offline = false
let refused: CheckoutError | null = null
let shownPhase: Phase | null = null
let sendBack: ReturnType<typeof setTimeout> | null = null

const t = () => MESSAGES[locale]

/** An element with attributes and children (text or elements). */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, v)
  }
  for (const c of children) {
    if (c !== null) {
      e.append(c)
    }
  }
  return e
}

/** The server's QR code SVG, parsed as SVG (never as HTML) and adopted into the page. */
function qrImage(svg: string): Node | null {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
  const node = doc.documentElement
  if (node.nodeName.toLowerCase() !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) {
    return null
  }
  node.setAttribute('role', 'img')
  node.setAttribute('aria-label', 'QR code')
  return document.importNode(node, true)
}

/** Makes the provider's web cashier request: a navigation, or the form it has to post. */
function goPay(o: Order): void {
  const p = o.payParams
  if (p?.__typename === 'RedirectParams') {
    if (p.method === 'GET') {
      window.location.assign(p.url)
      return
    }
    const form = el('form', { method: 'post', action: p.url, 'accept-charset': 'utf-8' })
    for (const f of p.fields) {
      form.append(el('input', { type: 'hidden', name: f.name, value: f.value }))
    }
    document.body.append(form)
    form.submit()
  } else if (p?.__typename === 'H5Params') {
    window.location.assign(p.url)
  }
}

function countdownLine(o: Order): HTMLElement {
  return el(
    'p',
    { class: 'countdown', 'data-test': 'countdown' },
    t().payBy(countdown(Date.parse(o.expiresAt) - Date.now())),
  )
}

function waiting(o: Order): HTMLElement {
  const m = t()
  const section = el('section', { class: 'pay', 'data-test': 'pay-area' })
  const p = o.payParams
  const provider = providerOf(o.channel)
  switch (actionOf(o.channel)) {
    case 'qr': {
      const image = p?.__typename === 'QrCodeParams' ? qrImage(p.svg) : null
      if (!image) {
        section.append(el('p', { class: 'muted' }, m.preparing))
        return section
      }
      section.append(
        el('div', { class: 'qr', 'data-test': 'qr' }, image),
        el('p', { class: 'hint' }, provider === 'wechat' ? m.scanWechat : m.scanAlipay),
      )
      break
    }
    case 'redirect': {
      if (p?.__typename !== 'RedirectParams' && p?.__typename !== 'H5Params') {
        section.append(el('p', { class: 'muted' }, m.preparing))
        return section
      }
      const button = el(
        'button',
        { type: 'button', class: `primary ${provider}`, 'data-test': 'pay-button' },
        provider === 'wechat' ? m.payWechat : m.payAlipay,
      )
      button.addEventListener('click', () => goPay(o))
      section.append(button, el('p', { class: 'hint' }, m.redirectHint))
      break
    }
    case 'app':
      section.append(
        el('p', { class: 'hint', 'data-test': 'app-hint' }, m.appHint(provider === 'wechat' ? m.wechatApp : m.alipayApp)),
      )
      break
  }
  section.append(countdownLine(o))
  return section
}

function ended(o: Order, phase: Exclude<Phase, 'waiting'>): HTMLElement {
  const m = t()
  const back = returnTo(o.returnUrl, o.orderNo, o.state)
  const section = el('section', { class: `result ${phase}`, 'data-test': `state-${phase}` })
  if (phase === 'paid') {
    section.append(el('div', { class: 'mark', 'aria-hidden': 'true' }, '✓'), el('h2', {}, m.paid))
    if (back) {
      section.append(
        el('p', { class: 'hint' }, m.paidBack),
        el('a', { class: 'button primary', href: back, 'data-test': 'return-now' }, m.backNow),
      )
    } else {
      section.append(el('p', { class: 'hint' }, m.paidDone))
    }
    return section
  }
  const title = phase === 'expired' ? m.expired : phase === 'closed' ? m.closed : m.failed
  section.append(el('div', { class: 'mark', 'aria-hidden': 'true' }, '!'), el('h2', {}, title), el('p', { class: 'hint' }, m.endedHint))
  if (back) {
    section.append(el('a', { class: 'button', href: back, 'data-test': 'back-to-merchant' }, m.backToMerchant))
  }
  return section
}

function footer(): HTMLElement {
  const m = t()
  const switcher = el('button', { type: 'button', class: 'link', 'data-test': 'lang' }, m.switchTo)
  switcher.addEventListener('click', () => {
    locale = other(locale)
    render()
  })
  const status = offline ? m.offline : mode === 'ws' ? m.live : mode === 'poll' ? m.polling : ''
  return el('footer', {}, el('span', { class: 'live', 'data-test': 'live-mode' }, status), switcher)
}

function render(): void {
  const m = t()
  document.documentElement.lang = locale
  root.replaceChildren()
  if (refused || !order) {
    document.title = m.title
    if (refused) {
      root.dataset.phase = 'invalid'
      root.append(
        el('section', { class: 'result invalid', 'data-test': 'invalid' }, el('h2', {}, m.invalid), el('p', { class: 'hint' }, m.invalidHint)),
        footer(),
      )
    }
    return
  }
  const o = order
  const phase = phaseOf(o, Date.now())
  shownPhase = phase
  root.dataset.phase = phase
  root.dataset.live = mode ?? ''
  document.title = `${m.title} · ${o.projectName}`
  root.append(
    el('header', {}, el('span', { class: 'merchant-label' }, m.merchant), el('strong', { 'data-test': 'merchant' }, o.projectName)),
    el('div', { class: 'amount', 'data-test': 'amount' }, `¥${o.amountYuan}`),
    el(
      'dl',
      {},
      el('dt', {}, m.subject),
      el('dd', { 'data-test': 'subject' }, o.subject),
      el('dt', {}, m.orderNo),
      el('dd', { 'data-test': 'order-no' }, o.orderNo),
    ),
    phase === 'waiting' ? waiting(o) : ended(o, phase),
    footer(),
  )
  if (phase === 'paid') {
    scheduleReturn(o)
  }
}

/** A paid buyer goes back to the merchant after a short pause (or at once, with the link). */
function scheduleReturn(o: Order): void {
  const back = returnTo(o.returnUrl, o.orderNo, o.state)
  if (back && sendBack === null) {
    sendBack = setTimeout(() => window.location.assign(back), RETURN_DELAY_MS)
  }
}

/** Once a second: the countdown, and a page that expires while it is open. */
function tick(): void {
  if (!order) {
    return
  }
  const phase = phaseOf(order, Date.now())
  if (phase !== shownPhase) {
    render()
    return
  }
  const line = root.querySelector('[data-test="countdown"]')
  if (line) {
    line.textContent = t().payBy(countdown(Date.parse(order.expiresAt) - Date.now()))
  }
}

function applyStatus(s: StatusFields): void {
  if (!order) {
    return
  }
  order = { ...order, state: s.state, expiresAt: s.expiresAt, paidAt: s.paidAt, closedAt: s.closedAt }
  render()
}

async function start(): Promise<void> {
  const where = parseLocation(window.location.pathname, window.location.search)
  if (!where) {
    refused = new CheckoutError('not a checkout link', 'BAD_USER_INPUT')
    render()
    return
  }
  try {
    order = (await query<CheckoutOrderQuery>(where.ticket, CHECKOUT_ORDER, { id: where.orderId })).order
  } catch (e) {
    refused = e instanceof CheckoutError ? e : new CheckoutError(String(e), 'NETWORK')
    render()
    return
  }
  render()
  setInterval(tick, 1000)
  if (order.state === 'PENDING') {
    follow(where.ticket, where.orderId, {
      status: applyStatus,
      mode: (m) => {
        mode = m
        render()
      },
      refused: () => {
        // The order stays on screen as last seen; only its live updates stop.
        mode = null
        render()
      },
      offline: (o) => {
        if (o !== offline) {
          offline = o
          render()
        }
      },
    })
  }
}

void start()
