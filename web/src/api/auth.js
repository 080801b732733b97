import { request } from './ApiClient.js';

export const authApi = {
  login: (email, password) => request('POST', '/api/auth/login', { body: { email, password } }),
  me: () => request('GET', '/api/auth/me'),
  logout: () => request('POST', '/api/auth/logout'),
  changePassword: (currentPassword, newPassword) =>
    request('POST', '/api/auth/password', { body: { currentPassword, newPassword } }),
};
