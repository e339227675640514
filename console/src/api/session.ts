// The admin's session: the token lives in sessionStorage only (gone when the tab closes), never
// in localStorage or a cookie.
import { reactive, readonly } from 'vue'

const KEY = 'paycenter.session'

export interface Session {
  token: string
  /** RFC 3339. */
  expiresAt: string
  username: string
}

interface State {
  session: Session | null
}

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    if (!raw) {
      return null
    }
    const s = JSON.parse(raw) as Partial<Session>
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'string' || typeof s.username !== 'string') {
      return null
    }
    const session = { token: s.token, expiresAt: s.expiresAt, username: s.username }
    return isExpired(session) ? null : session
  } catch {
    return null
  }
}

const state = reactive<State>({ session: load() })
let expiryTimer: ReturnType<typeof setTimeout> | undefined
const listeners = new Set<(reason: 'expired' | 'logout' | 'unauthenticated') => void>()

export const sessionState = readonly(state)

export function isExpired(s: Session, now = Date.now()): boolean {
  const at = Date.parse(s.expiresAt)
  return Number.isNaN(at) || at <= now
}

export function currentToken(): string | null {
  const s = state.session
  if (!s) {
    return null
  }
  if (isExpired(s)) {
    endSession('expired')
    return null
  }
  return s.token
}

export function startSession(s: Session): void {
  state.session = s
  sessionStorage.setItem(KEY, JSON.stringify(s))
  scheduleExpiry()
}

/** Ends the session and tells the listeners (the router sends the user to the login page). */
export function endSession(reason: 'expired' | 'logout' | 'unauthenticated'): void {
  const had = state.session !== null
  state.session = null
  sessionStorage.removeItem(KEY)
  clearTimeout(expiryTimer)
  if (had || reason === 'unauthenticated') {
    for (const l of listeners) {
      l(reason)
    }
  }
}

export function onSessionEnd(l: (reason: 'expired' | 'logout' | 'unauthenticated') => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

function scheduleExpiry(): void {
  clearTimeout(expiryTimer)
  const s = state.session
  if (!s) {
    return
  }
  // setTimeout's delay is a 32-bit signed integer of milliseconds: re-arm for long tokens.
  const left = Date.parse(s.expiresAt) - Date.now()
  expiryTimer = setTimeout(
    () => (left > 2 ** 31 - 1 ? scheduleExpiry() : endSession('expired')),
    Math.max(0, Math.min(left, 2 ** 31 - 1)),
  )
}

scheduleExpiry()
