// Reconciliation reports and discrepancies as the console shows them: the vocabulary, Beijing-time
// days (the bills' days), and the checks on a resolution note (the server's rules, checked first
// here so the dialog can say what is wrong).
import type { DiscrepancyKind, DiscrepancyStatus, Provider, ReconciliationStatus } from '@/gql/graphql'
import { allOf } from './enums'

export const PROVIDERS = allOf<Provider>()('WECHAT', 'ALIPAY')

export const RECONCILIATION_STATUSES = allOf<ReconciliationStatus>()(
  'PENDING',
  'RUNNING',
  'NOT_READY',
  'RETRYING',
  'DONE',
  'NO_BILL',
  'FAILED',
)

export const DISCREPANCY_KINDS = allOf<DiscrepancyKind>()(
  'PAID_NOT_RECORDED',
  'MISSING_FROM_BILL',
  'AMOUNT_DIFFERS',
  'REFUND_NOT_RECORDED',
  'REFUND_MISSING_FROM_BILL',
  'STATE_DIFFERS',
)

export const DISCREPANCY_STATUSES = allOf<DiscrepancyStatus>()('OPEN', 'HEALED', 'RESOLVED', 'CLEARED')

type TagType = 'success' | 'warning' | 'info' | 'danger' | 'primary'

export function reportTag(s: ReconciliationStatus): TagType {
  switch (s) {
    case 'DONE':
      return 'success'
    case 'PENDING':
    case 'RUNNING':
      return 'primary'
    case 'NOT_READY':
    case 'RETRYING':
      return 'warning'
    case 'FAILED':
      return 'danger'
    case 'NO_BILL':
      return 'info'
  }
}

export function discrepancyTag(s: DiscrepancyStatus): TagType {
  switch (s) {
    case 'OPEN':
      return 'danger'
    case 'HEALED':
      return 'success'
    case 'RESOLVED':
      return 'primary'
    case 'CLEARED':
      return 'info'
  }
}

const DAY = 86_400_000
const BEIJING = 8 * 3_600_000

/** The Beijing-time day holding `at`, moved by `offset` days: "YYYY-MM-DD". */
export function beijingDay(at: Date, offset = 0): string {
  return new Date(at.getTime() + BEIJING + offset * DAY).toISOString().slice(0, 10)
}

/** Whether `day` ("YYYY-MM-DD") is after today in Beijing (the server refuses to reconcile it). */
export function isFutureDay(day: string, now: Date): boolean {
  return day > beijingDay(now)
}

/** The date picker's local calendar day as "YYYY-MM-DD" (the picker works in the browser's zone). */
export function pickerDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** The longest resolution note the server takes. */
export const NOTE_MAX = 500

export type NoteProblem = 'empty' | 'tooLong' | 'control'

/** What is wrong with a resolution note, or null (1-500 characters once trimmed, no control characters but newlines). */
export function noteProblem(note: string): NoteProblem | null {
  const trimmed = note.trim()
  if (trimmed === '') {
    return 'empty'
  }
  if ([...trimmed].length > NOTE_MAX) {
    return 'tooLong'
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(trimmed)) {
    return 'control'
  }
  return null
}

/** Bill minus paycenter, or null when either side is unknown (no bill read yet). */
export function difference(bill: number | null | undefined, ours: number | null | undefined): number | null {
  if (bill === null || bill === undefined || ours === null || ours === undefined) {
    return null
  }
  return bill - ours
}
