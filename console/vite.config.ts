/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Three pages in one build: the console (index.html, served at /console), GraphiQL
// (graphiql/index.html, served at GET /graphql) and the hosted checkout page (checkout/index.html,
// served at /checkout/{orderId}: plain TypeScript, none of the console's libraries). All load
// their assets from /console/assets/.
// The output is committed and embedded into the paycenter binary, so it must be reproducible:
// no timestamps, content hashes only (check-drift.sh rebuilds and compares).
export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // GraphiQL's editor (Monaco) is large by nature; the console's own chunks stay small.
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // React libraries inside GraphiQL mark modules "use client"; meaningless in a plain bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning)
        }
      },
      input: {
        console: fileURLToPath(new URL('./index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('./graphiql/index.html', import.meta.url)),
        checkout: fileURLToPath(new URL('./checkout/index.html', import.meta.url)),
      },
    },
  },
  worker: { format: 'es' },
  server: {
    // GraphiQL imports ../schema.graphql.
    fs: { allow: ['..'] },
    // `npm run dev` against a paycenter on :8080.
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8080', ws: true },
      '/sandbox': { target: 'http://127.0.0.1:8080' },
      '/return': { target: 'http://127.0.0.1:8080' },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
