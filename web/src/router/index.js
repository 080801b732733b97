import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from '../stores/session.js';

export const routes = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('../views/AppShell.vue'),
    children: [
      { path: '', redirect: { name: 'conversations' } },
      { path: 'conversations', name: 'conversations', component: () => import('../views/ConversationsView.vue') },
      {
        path: 'conversations/:phoneNumberId/:customerKey',
        name: 'conversation',
        component: () => import('../views/ConversationsView.vue'),
        props: (route) => ({ phoneNumberId: route.params.phoneNumberId, customerKey: route.params.customerKey }),
      },
      { path: 'agents', name: 'agents', component: () => import('../views/admin/AgentsView.vue'), meta: { admin: true } },
      {
        path: 'phone-numbers',
        name: 'phone-numbers',
        component: () => import('../views/admin/PhoneNumbersView.vue'),
        meta: { admin: true },
      },
      { path: 'templates', name: 'templates', component: () => import('../views/admin/TemplatesView.vue'), meta: { admin: true } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: { name: 'conversations' } },
];

/**
 * Every screen but login needs a session whose password is not a one-time one; the admin
 * screens (`meta.admin`) send agents back to their conversations (the API answers them 403
 * anyway, this only spares them a screen of errors).
 */
export async function guard(to) {
  const session = useSessionStore();
  if (!session.checked) await session.check();
  if (to.meta.public) return true;
  if (!session.signedIn || session.mustChangePassword) {
    return { name: 'login', query: to.fullPath !== '/' && to.fullPath !== '/conversations' ? { next: to.fullPath } : {} };
  }
  if (to.matched.some((r) => r.meta.admin) && !session.isAdmin) return { name: 'conversations' };
  return true;
}

export const router = createRouter({ history: createWebHistory(), routes });
router.beforeEach(guard);
