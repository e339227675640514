// The navigation, grouped. Each entry is a route of the layout; an entry shows when its route
// exists and its condition holds. Phase 2 pages (dashboard, refunds, callbacks, admins, audit
// log) slot into these groups as new entries.
import type { Component } from 'vue'
import { Box, MagicStick, Tickets } from '@element-plus/icons-vue'

export type NavGroup = 'payments' | 'configuration' | 'tools'

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

export const NAV_GROUPS: readonly NavGroup[] = ['payments', 'configuration', 'tools']

export const NAV: readonly NavItem[] = [
  { route: 'orders', label: 'nav.orders', icon: Tickets, group: 'payments' },
  { route: 'projects', label: 'nav.projects', icon: Box, group: 'configuration' },
  { route: 'sandbox', label: 'nav.sandbox', icon: MagicStick, group: 'tools', sandboxOnly: true },
]
