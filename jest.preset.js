// Shared jest settings: swc compiles TypeScript, and workspace packages resolve to their sources
// through the "@concert/source" export condition, so tests never need a prior build.
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@concert/source', 'node', 'require', 'default'] },
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // jose ships ESM only; let swc turn it into CommonJS for the jest runtime.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/jose@[^/]+/node_modules/)?jose/)'],
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testTimeout: 60_000,
  reporters: ['default', require.resolve('./infra/ci/tally-reporter.js')],
};
