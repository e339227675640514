import { createRouter, createWebHistory } from 'vue-router'
import { currentToken, onSessionEnd } from './api/session'
import { sandboxEnabled } from './api/sandbox'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without a session (the login page). */
    public?: boolean
    sandboxOnly?: boolean
  }
}

export const router = createRouter({
  // Served by paycenter under /console (Vite's base); unknown paths under it fall back to
  // index.html on the server, so deep links and reloads work.
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./views/AppLayout.vue'),
      children: [
        { path: '', redirect: { name: 'orders' } },
        { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
        { path: 'orders', name: 'orders', component: () => import('./views/OrdersView.vue') },
        { path: 'refunds', name: 'refunds', component: () => import('./views/RefundsView.vue') },
        { path: 'callbacks', name: 'callbacks', component: () => import('./views/CallbacksView.vue') },
        { path: 'reconciliation', name: 'reconciliation', component: () => import('./views/ReconciliationView.vue') },
        {
          path: 'reconciliation/:id',
          name: 'reconciliation-report',
          component: () => import('./views/ReconciliationReportView.vue'),
          props: true,
        },
        { path: 'admins', name: 'admins', component: () => import('./views/AdminsView.vue') },
        { path: 'audit', name: 'audit', component: () => import('./views/AuditLogView.vue') },
        { path: 'orders/:id', name: 'order', component: () => import('./views/OrderDetailView.vue'), props: true },
        { path: 'projects', name: 'projects', component: () => import('./views/ProjectsView.vue') },
        {
          path: 'projects/:id',
          name: 'project',
          component: () => import('./views/ProjectDetailView.vue'),
          props: true,
        },
        {
          path: 'sandbox',
          name: 'sandbox',
          component: () => import('./views/SandboxView.vue'),
          meta: { sandboxOnly: true },
        },
      ],
    },
    { path: '/:rest(.*)*', redirect: { name: 'orders' } },
  ],
})

router.beforeEach(async (to) => {
  if (!to.meta.public && !currentToken()) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (to.name === 'login' && currentToken()) {
    return { name: 'orders' }
  }
  if (to.meta.sandboxOnly && !(await sandboxEnabled())) {
    return { name: 'orders' }
  }
  return true
})

// An expired or refused token, or a logout: back to the login page, coming back here after.
onSessionEnd((reason) => {
  const here = router.currentRoute.value
  if (here.meta.public) {
    return
  }
  void router.replace({
    name: 'login',
    query: { ...(reason === 'logout' ? {} : { redirect: here.fullPath, reason }) },
  })
})
