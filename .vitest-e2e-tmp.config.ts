import { defineConfig } from 'vitest/config'
export default defineConfig({ root: '.', test: { include: ['tests/e2e/**/*.e2e.test.ts'], environment: 'node' } })
