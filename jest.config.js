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
