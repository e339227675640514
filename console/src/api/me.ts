// Who is logged in, as the server says now (role included): loaded once per session by the
// layout. The UI hides what the role may not do; the server refuses it anyway.
import { computed, ref } from 'vue'
import type { AdminRole } from '@/gql/graphql'
import { request } from './client'
import { MeQuery } from './operations'
import { onSessionEnd } from './session'
import { roleIncludes } from '@/lib/roles'

export interface Me {
  adminId: string | null
  username: string | null
  role: AdminRole | null
}

export const me = ref<Me | null>(null)

export async function loadMe(): Promise<Me> {
  const { me: m } = await request(MeQuery)
  me.value = { adminId: m.adminId ?? null, username: m.username ?? null, role: m.role ?? null }
  return me.value
}

/** Whether the logged-in admin's role includes `needed` (false until known). */
export function may(needed: AdminRole) {
  return computed(() => roleIncludes(me.value?.role ?? null, needed))
}

onSessionEnd(() => {
  me.value = null
})
