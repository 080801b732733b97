import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The build goes to target/dist (Maven packages it under com/whatatalk/web/, http-api serves it);
// `npm run dev` proxies the API and the live socket to a local `./whatatalk run`.
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'target/dist',
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/specs/*.spec.js'],
  },
});
