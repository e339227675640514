// The checkout page's words, in 简体中文 and English: chosen by `?lang=`, else by the browser's
// languages (any Chinese: 简体中文), else English.

export type Locale = 'zh-CN' | 'en'

const zh = {
  title: '收银台',
  merchant: '收款方',
  subject: '商品',
  orderNo: '订单号',
  payBy: (left: string) => `请在 ${left} 内完成付款`,
  scanWechat: '请使用微信扫一扫付款',
  scanAlipay: '请使用支付宝扫一扫付款',
  payAlipay: '前往支付宝付款',
  payWechat: '前往微信支付',
  redirectHint: '付款完成后会自动返回。',
  appHint: (app: string) => `请在${app}中完成付款，本页会自动更新。`,
  wechatApp: '微信',
  alipayApp: '支付宝',
  preparing: '支付信息准备中，请稍候刷新。',
  paid: '付款成功',
  paidBack: '即将返回商户页面…',
  paidDone: '付款已完成，可以关闭本页。',
  backNow: '立即返回',
  closed: '订单已关闭',
  expired: '订单已过期',
  failed: '付款失败',
  endedHint: '如需继续购买，请返回商户页面重新下单。',
  backToMerchant: '返回商户',
  invalid: '链接无效或已过期',
  invalidHint: '请回到商户页面重新发起付款。',
  offline: '网络异常，正在重试…',
  live: '实时更新',
  polling: '定时刷新',
  switchTo: 'English',
}

type Messages = typeof zh

const en: Messages = {
  title: 'Checkout',
  merchant: 'Pay to',
  subject: 'Item',
  orderNo: 'Order',
  payBy: (left: string) => `Pay within ${left}`,
  scanWechat: 'Scan with WeChat to pay',
  scanAlipay: 'Scan with Alipay to pay',
  payAlipay: 'Pay with Alipay',
  payWechat: 'Pay with WeChat Pay',
  redirectHint: 'You come back here once you have paid.',
  appHint: (app: string) => `Complete the payment in ${app}; this page updates by itself.`,
  wechatApp: 'WeChat',
  alipayApp: 'Alipay',
  preparing: 'The payment is being prepared; reload in a moment.',
  paid: 'Paid',
  paidBack: 'Taking you back to the shop…',
  paidDone: 'The payment is complete; you may close this page.',
  backNow: 'Back now',
  closed: 'The order is closed',
  expired: 'The order has expired',
  failed: 'The payment failed',
  endedHint: 'To buy, go back to the shop and order again.',
  backToMerchant: 'Back to the shop',
  invalid: 'This link is invalid or has expired',
  invalidHint: 'Go back to the shop and start the payment again.',
  offline: 'Connection lost; retrying…',
  live: 'Live',
  polling: 'Refreshing',
  switchTo: '中文',
}

export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zh, en }

/** The page's language: `?lang=` (zh / en), else the first of the browser's it knows. */
export function pickLocale(search: string, languages: readonly string[]): Locale {
  const asked = new URLSearchParams(search).get('lang')?.toLowerCase()
  if (asked?.startsWith('zh')) {
    return 'zh-CN'
  }
  if (asked?.startsWith('en')) {
    return 'en'
  }
  for (const l of languages) {
    const lower = l.toLowerCase()
    if (lower.startsWith('zh')) {
      return 'zh-CN'
    }
    if (lower.startsWith('en')) {
      return 'en'
    }
  }
  return 'en'
}

export function other(locale: Locale): Locale {
  return locale === 'zh-CN' ? 'en' : 'zh-CN'
}
