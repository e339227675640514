import { describe, expect, it } from 'vitest'
import { allOf } from './enums'

type Fruit = 'APPLE' | 'PEAR' | 'FIG'

describe('allOf', () => {
  it('returns the values in the order given', () => {
    expect(allOf<Fruit>()('PEAR', 'APPLE', 'FIG')).toEqual(['PEAR', 'APPLE', 'FIG'])
  })

  it('refuses a list that misses a value (a compile error, checked by vue-tsc)', () => {
    // @ts-expect-error FIG is missing
    const partial = allOf<Fruit>()('PEAR', 'APPLE')
    expect(partial).toHaveLength(2)
  })
})
