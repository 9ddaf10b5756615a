// Two projects: fast unit specs beside the code, and integration/e2e specs under test/ that run
// against real PostgreSQL and Redis started by test/support/global-setup.ts.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@desk/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
};

const unit = { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] };
const integration = {
  ...common,
  displayName: 'integration',
  // test/faults: the SLA timers under SIGKILL, FLUSHALL and two workers (about two minutes).
  testMatch: ['<rootDir>/test/{integration,e2e,faults}/**/*.{int,e2e,fault}-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  testTimeout: 60000,
  projects: [unit, integration],
};
