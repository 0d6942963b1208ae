import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The engine serves the built app on its own port; in development Vite proxies to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:5170',
      '/socket.io': { target: 'ws://127.0.0.1:5170', ws: true },
    },
  },
});
