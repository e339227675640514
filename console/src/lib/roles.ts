// Admin roles: each includes the ones below it (OWNER ⊃ OPERATOR ⊃ VIEWER), as on the server.
import type { AdminRole } from '@/gql/graphql'

export const ADMIN_ROLES: readonly AdminRole[] = ['OWNER', 'OPERATOR', 'VIEWER']

const RANK: Record<string, number> = { VIEWER: 0, OPERATOR: 1, OWNER: 2 }

/** Whether `role` may do what `needed` may; an unknown role may nothing. */
export function roleIncludes(role: AdminRole | null | undefined, needed: AdminRole): boolean {
  if (!role || !(role in RANK) || !(needed in RANK)) {
    return false
  }
  return (RANK[role] ?? -1) >= (RANK[needed] ?? Infinity)
}
