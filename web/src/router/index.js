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
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: { name: 'conversations' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

// Every screen but login needs a session whose password is not a one-time one.
router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) await session.check();
  if (to.meta.public) return true;
  if (!session.signedIn || session.mustChangePassword) {
    return { name: 'login', query: to.fullPath !== '/' && to.fullPath !== '/conversations' ? { next: to.fullPath } : {} };
  }
  return true;
});
