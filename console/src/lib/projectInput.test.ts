import { describe, expect, it } from 'vitest'
import type { ProjectFieldsFragment } from '@/gql/graphql'
import { createInput, emptyForm, formOf, updateInput } from './projectInput'

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
  wechat: { appId: 'wx1', mchId: '1900', hasApiKey: true, hasAppSecret: true },
  alipay: { appId: null, hasAppPrivateKey: false, hasAlipayPublicKey: false },
}

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
})

describe('updateInput', () => {
  it('leaves secrets unchanged when their fields are empty', () => {
    const input = updateInput(formOf(stored))
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
    expect(updateInput(f).wechat).toEqual({ appId: 'wx1', mchId: '1900', apiKey: 'new-key', appSecret: '' })
    expect(updateInput(f).alipay).toEqual({ appId: '', appPrivateKey: '-----BEGIN PRIVATE KEY-----' })
  })

  it('clears the callback URL with null', () => {
    const f = formOf(stored)
    f.callbackUrl = '  '
    expect(updateInput(f).callbackUrl).toBeNull()
  })
})
