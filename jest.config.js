/**
 * Two projects: `unit` runs pure code in milliseconds; `integration` runs against a real PostgreSQL and
 * a real Temporal server, started once for the whole run by test/support/global-setup.ts.
 * Type checking is `tsc --noEmit` in the test script, so ts-jest only transpiles.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', transpilation: true }] };

module.exports = {
  // Integration tests wait on real servers; a test that hangs still fails, after two minutes.
  testTimeout: 120000,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/ui/'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/{engine,workflows,service-catalog,test,bench}/**/*.spec.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
