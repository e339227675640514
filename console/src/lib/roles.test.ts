import { describe, expect, it } from 'vitest'
import type { AdminRole } from '@/gql/graphql'
import { roleIncludes } from './roles'

const r = (s: string) => s as AdminRole

describe('roleIncludes', () => {
  it('ranks OWNER over OPERATOR over VIEWER', () => {
    expect(roleIncludes(r('OWNER'), r('OPERATOR'))).toBe(true)
    expect(roleIncludes(r('OPERATOR'), r('OPERATOR'))).toBe(true)
    expect(roleIncludes(r('OPERATOR'), r('OWNER'))).toBe(false)
    expect(roleIncludes(r('VIEWER'), r('OPERATOR'))).toBe(false)
    expect(roleIncludes(r('VIEWER'), r('VIEWER'))).toBe(true)
  })

  it('lets an unknown or missing role do nothing', () => {
    expect(roleIncludes(null, r('VIEWER'))).toBe(false)
    expect(roleIncludes(r('ROOT'), r('VIEWER'))).toBe(false)
  })
})
