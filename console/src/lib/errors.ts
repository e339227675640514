import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/client'
import { i18n } from '@/i18n'

/** A person-readable message for an error: the code's translation, then the server's words. */
export function errorMessage(e: unknown): string {
  const t = i18n.global.t
  if (e instanceof ApiError) {
    const key = `errors.${e.code}`
    const known = i18n.global.te(key) ? t(key) : e.code
    const detail = e.providerCode ? `${e.message} (${e.providerCode})` : e.message
    return `${known}: ${detail}`
  }
  return e instanceof Error ? e.message : String(e)
}

export function showError(e: unknown): void {
  // A refused session already sends the user to the login page; say so there, not here.
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
    return
  }
  ElMessage({ type: 'error', message: errorMessage(e), duration: 6000, showClose: true })
}
