import { describe, expect, it } from 'vitest'
import { buildCsv, csvCell, csvRow } from './csv'

describe('csvCell', () => {
  it('leaves plain values alone', () => {
    expect(csvCell('A1001')).toBe('A1001')
    expect(csvCell('12.34')).toBe('12.34')
    expect(csvCell(42)).toBe('42')
    expect(csvCell(true)).toBe('true')
    expect(csvCell('咖啡')).toBe('咖啡')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell('')).toBe('')
  })

  it('guards cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+86 123')).toBe("'+86 123")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\tx")
    // CR both guards and quotes.
    expect(csvCell('\rx')).toBe(`"'\rx"`)
    // Only the first character matters.
    expect(csvCell('a=b')).toBe('a=b')
    expect(csvCell(-5)).toBe("'-5")
  })

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"')
    // Guard first, then quote: the apostrophe ends up inside the quotes.
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
  })
})

describe('buildCsv', () => {
  it('ends every line with CRLF, header first', () => {
    const text = buildCsv(['orderNo', 'subject', 'amount'], [
      ['A1', 'Coffee, large', '12.00'],
      ['A2', '=cmd', '0.01'],
    ])
    expect(text).toBe('orderNo,subject,amount\r\nA1,"Coffee, large",12.00\r\nA2,\'=cmd,0.01\r\n')
    expect(text.split('\r\n')).toHaveLength(4)
  })

  it('keeps embedded newlines inside one quoted field', () => {
    expect(csvRow(['x', 'a\nb'])).toBe('x,"a\nb"')
  })
})
