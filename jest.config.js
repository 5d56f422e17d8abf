// Two projects: unit tests beside the code (no servers), and the contract suites,
// which share one Prism mock started by globalSetup and stopped by globalTeardown.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  // Tests wait on events, never on the clock; a limit this wide only ends a test that hangs, so a
  // machine whose cores are busy with other work gets the same verdicts, later.
  testTimeout: 120_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/src/**/*.test.ts'],
    },
    {
      displayName: 'contract',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/contract-tests/**/*.test.ts'],
      globalSetup: '<rootDir>/contract-tests/setup/global-setup.ts',
      globalTeardown: '<rootDir>/contract-tests/setup/global-teardown.ts',
    },
  ],
};
