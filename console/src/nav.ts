// The navigation, grouped. Each entry is a route of the layout; an entry shows when its route
// exists and its condition holds. New pages slot into these groups as new entries.
import type { Component } from 'vue'
import { Box, DataAnalysis, Document, Finished, MagicStick, Message, RefreshLeft, Tickets, User } from '@element-plus/icons-vue'

export type NavGroup = 'payments' | 'configuration' | 'administration' | 'tools'

export interface NavItem {
  /** Route name. */
  route: string
  /** i18n key of the label. */
  label: string
  icon: Component
  group: NavGroup
  /** Shown only when paycenter runs the provider sandbox. */
  sandboxOnly?: boolean
}

export const NAV_GROUPS: readonly NavGroup[] = ['payments', 'configuration', 'administration', 'tools']

export const NAV: readonly NavItem[] = [
  { route: 'dashboard', label: 'nav.dashboard', icon: DataAnalysis, group: 'payments' },
  { route: 'orders', label: 'nav.orders', icon: Tickets, group: 'payments' },
  { route: 'refunds', label: 'nav.refunds', icon: RefreshLeft, group: 'payments' },
  { route: 'callbacks', label: 'nav.callbacks', icon: Message, group: 'payments' },
  { route: 'reconciliation', label: 'nav.reconciliation', icon: Finished, group: 'payments' },
  { route: 'projects', label: 'nav.projects', icon: Box, group: 'configuration' },
  { route: 'admins', label: 'nav.admins', icon: User, group: 'administration' },
  { route: 'audit', label: 'nav.audit', icon: Document, group: 'administration' },
  { route: 'sandbox', label: 'nav.sandbox', icon: MagicStick, group: 'tools', sandboxOnly: true },
]
