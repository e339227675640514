import { describe, expect, it } from 'vitest'
import { describeDetail } from './audit'

describe('describeDetail', () => {
  it('reads the JSON details as one line', () => {
    expect(describeDetail('{"fields":["name","orderTtlSeconds"]}')).toBe('fields: name, orderTtlSeconds')
    expect(describeDetail('{"username":"op","changes":{"role":{"from":"VIEWER","to":"OWNER"}}}')).toBe(
      'username: op; changes: role: VIEWER → OWNER',
    )
    expect(describeDetail('{"httpStatus":null}')).toBe('httpStatus: ∅')
  })

  it('keeps what is not JSON as it is', () => {
    expect(describeDetail('plain')).toBe('plain')
    expect(describeDetail(null)).toBe('')
  })
})
