import { describe, expect, it } from 'vitest'
import type { ProjectFieldsFragment } from '@/gql/graphql'
import { createInput, emptyForm, formOf, updateInput, utf8Length, wechatProblems, withSandboxMerchant } from './projectInput'

const stored: ProjectFieldsFragment = {
  id: 'prj_1',
  name: 'Shop',
  disabled: false,
  callbackUrl: 'https://shop.example/cb',
  orderTtlSeconds: 600,
  trustClientAmount: false,
  apiKeyPrefix: 'pck_abcd',
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  wechat: {
    apiVersion: 'V2',
    appId: 'wx1',
    mchId: '1900',
    hasApiKey: true,
    hasAppSecret: true,
    merchantSerialNo: null,
    hasMerchantPrivateKey: false,
    hasApiV3Key: false,
    wechatPayPublicKeyId: null,
    hasWechatPayPublicKey: false,
    platformCertificates: [],
  },
  alipay: { appId: null, hasAppPrivateKey: false, hasAlipayPublicKey: false },
}

const v3Stored: ProjectFieldsFragment = {
  ...stored,
  wechat: {
    ...stored.wechat,
    apiVersion: 'V3',
    hasApiKey: false,
    merchantSerialNo: 'ABCDEF0123',
    hasMerchantPrivateKey: true,
    hasApiV3Key: true,
    wechatPayPublicKeyId: 'PUB_KEY_ID_1',
    hasWechatPayPublicKey: true,
  },
}

const KEY32 = '0123456789abcdef0123456789abcdef'

describe('createInput', () => {
  it('sends only what was filled in', () => {
    const f = emptyForm()
    f.name = ' Shop '
    f.wechat.appId = 'wx1'
    f.wechat.apiKey = 'k'
    expect(createInput(f)).toEqual({
      name: 'Shop',
      orderTtlSeconds: 900,
      trustClientAmount: false,
      wechat: { appId: 'wx1', apiKey: 'k' },
    })
  })

  it('sends the v3 credentials and the API version when chosen', () => {
    const f = emptyForm()
    f.name = 'Shop'
    f.wechat = { ...f.wechat, apiVersion: 'V3', appId: 'wx1', mchId: '1900', merchantSerialNo: 'AB12', merchantPrivateKey: 'PEM', apiV3Key: KEY32 }
    expect(createInput(f).wechat).toEqual({ apiVersion: 'V3', appId: 'wx1', mchId: '1900', merchantSerialNo: 'AB12', merchantPrivateKey: 'PEM', apiV3Key: KEY32 })
  })
})

describe('updateInput', () => {
  it('leaves secrets unchanged when their fields are empty', () => {
    const input = updateInput(formOf(stored), stored)
    expect(input.wechat).toEqual({ appId: 'wx1', mchId: '1900' })
    expect(input.alipay).toEqual({ appId: '' })
    expect(input.callbackUrl).toBe('https://shop.example/cb')
    expect(input.orderTtlSeconds).toBe(600)
  })

  it('sends a typed secret, and "" only for an explicit clear', () => {
    const f = formOf(stored)
    f.wechat.apiKey = 'new-key'
    f.clear.wechat.push('appSecret')
    f.alipay.appPrivateKey = '-----BEGIN PRIVATE KEY-----'
    expect(updateInput(f, stored).wechat).toEqual({ appId: 'wx1', mchId: '1900', apiKey: 'new-key', appSecret: '' })
    expect(updateInput(f, stored).alipay).toEqual({ appId: '', appPrivateKey: '-----BEGIN PRIVATE KEY-----' })
  })

  it('sends v3 identifiers and the API version only when changed', () => {
    const same = updateInput(formOf(v3Stored), v3Stored)
    expect(same.wechat).toEqual({ appId: 'wx1', mchId: '1900' })
    const f = formOf(v3Stored)
    f.wechat.apiVersion = 'V2'
    f.wechat.merchantSerialNo = ' ABCDEF0124 '
    f.wechat.wechatPayPublicKeyId = ''
    f.clear.wechat.push('wechatPayPublicKey')
    expect(updateInput(f, v3Stored).wechat).toEqual({
      appId: 'wx1',
      mchId: '1900',
      apiVersion: 'V2',
      merchantSerialNo: 'ABCDEF0124',
      wechatPayPublicKeyId: '',
      wechatPayPublicKey: '',
    })
  })

  it('clears the callback URL with null', () => {
    const f = formOf(stored)
    f.callbackUrl = '  '
    expect(updateInput(f, stored).callbackUrl).toBeNull()
  })
})

describe('wechatProblems', () => {
  it('wants an APIv3 key of exactly 32 bytes (UTF-8)', () => {
    const f = emptyForm()
    f.wechat.apiV3Key = KEY32
    expect(wechatProblems(f)).toEqual([])
    f.wechat.apiV3Key = KEY32.slice(1)
    expect(wechatProblems(f)).toEqual([{ field: 'apiV3Key', key: 'apiV3KeyLength', params: { n: 31 } }])
    // 31 ASCII characters and one of two bytes: 33 bytes although 32 characters.
    f.wechat.apiV3Key = `${KEY32.slice(1)}é`
    expect(utf8Length(f.wechat.apiV3Key)).toBe(33)
    expect(wechatProblems(f)[0]?.params).toEqual({ n: 33 })
  })

  it('wants a hexadecimal serial', () => {
    const f = emptyForm()
    f.wechat.merchantSerialNo = 'XYZ'
    expect(wechatProblems(f).map((p) => p.key)).toEqual(['serialNo'])
  })

  it('wants the public key with its id, counting what is stored', () => {
    const f = emptyForm()
    f.wechat.wechatPayPublicKeyId = 'PUB_KEY_ID_1'
    expect(wechatProblems(f)).toEqual([{ field: 'wechatPayPublicKey', key: 'publicKeyPair' }])
    f.wechat.wechatPayPublicKey = '-----BEGIN PUBLIC KEY-----'
    expect(wechatProblems(f)).toEqual([])
    // Stored both: fine unchanged; removing only the key is not.
    const g = formOf(v3Stored)
    expect(wechatProblems(g, v3Stored)).toEqual([])
    g.clear.wechat.push('wechatPayPublicKey')
    expect(wechatProblems(g, v3Stored).map((p) => p.key)).toEqual(['publicKeyPair'])
  })

  it('wants a complete v3 set for V3', () => {
    const f = formOf(stored)
    f.wechat.apiVersion = 'V3'
    expect(wechatProblems(f, stored)).toEqual([{ field: 'apiVersion', key: 'v3Incomplete' }])
    f.wechat.merchantSerialNo = 'AB12'
    f.wechat.merchantPrivateKey = 'PEM'
    f.wechat.apiV3Key = KEY32
    expect(wechatProblems(f, stored)).toEqual([])
    expect(wechatProblems(formOf(v3Stored), v3Stored)).toEqual([])
  })
})

describe('withSandboxMerchant', () => {
  it('fills v2 and v3 credentials, and leaves empty what the merchant lacks', () => {
    const f = emptyForm()
    f.name = 'Mine'
    f.wechat.apiVersion = 'V3'
    f.clear.wechat.push('apiKey')
    const filled = withSandboxMerchant(f, {
      wechat: { appId: 'wx9', appSecret: 's', mchId: '1999', apiKey: 'k', merchantSerialNo: 'AB', merchantPrivateKey: 'PEM', apiV3Key: KEY32, extra: 'x' },
      alipay: { appId: '2021', appPrivateKey: 'A', alipayPublicKey: 'B' },
    })
    expect(filled.name).toBe('Mine')
    expect(filled.wechat).toEqual({
      apiVersion: 'V3',
      appId: 'wx9',
      appSecret: 's',
      mchId: '1999',
      apiKey: 'k',
      merchantSerialNo: 'AB',
      merchantPrivateKey: 'PEM',
      apiV3Key: KEY32,
      wechatPayPublicKeyId: '',
      wechatPayPublicKey: '',
    })
    expect(filled.alipay).toEqual({ appId: '2021', appPrivateKey: 'A', alipayPublicKey: 'B' })
    expect(filled.clear).toEqual({ wechat: [], alipay: [] })
  })
})
