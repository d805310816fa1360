import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // SEXTANT_TEST_OUTPUT=short (CI) prints only failures and the totals, so a log cut short still holds them.
    reporters: [process.env.SEXTANT_TEST_OUTPUT === 'short' ? 'minimal' : 'default', './test/reporters/watchdog.ts'],
  },
});
