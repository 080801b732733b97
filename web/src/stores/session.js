import { defineStore } from 'pinia';
import { ref, computed } from 'vue';
import { authApi } from '../api/auth.js';

/** The signed-in user. `mustChangePassword` keeps them on the change-password form. */
export const useSessionStore = defineStore('session', () => {
  const user = ref(null);
  const checked = ref(false);

  const signedIn = computed(() => user.value != null);
  const mustChangePassword = computed(() => !!user.value?.mustChangePassword);
  const isAdmin = computed(() => user.value?.role === 'ADMIN');

  async function check() {
    try {
      user.value = (await authApi.me()).user;
    } catch {
      user.value = null;
    } finally {
      checked.value = true;
    }
    return user.value;
  }

  async function login(email, password) {
    user.value = (await authApi.login(email, password)).user;
    checked.value = true;
    return user.value;
  }

  async function changePassword(currentPassword, newPassword) {
    user.value = (await authApi.changePassword(currentPassword, newPassword)).user;
    return user.value;
  }

  async function logout() {
    try {
      await authApi.logout();
    } finally {
      ended();
    }
  }

  /** The session ended elsewhere (logout, expiry, deactivation). */
  function ended() {
    user.value = null;
  }

  return { user, checked, signedIn, mustChangePassword, isAdmin, check, login, changePassword, logout, ended };
});
