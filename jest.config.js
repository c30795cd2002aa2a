/** One jest run: pure specs, PostgreSQL integration specs and HTTP end-to-end specs.
 *  The global setup starts one embedded PostgreSQL (or uses TEST_DATABASE_URL); every suite makes its own database. */
// Transpile only (the type check is `npm run typecheck`, before jest); CommonJS for jest's module system.
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { module: 'commonjs', moduleResolution: 'node', isolatedModules: true } }];
const moduleNameMapper = {
  '^@app/(domain|event-store|platform|workflow|projections|testing|import)$': '<rootDir>/libs/$1/src',
};
module.exports = {
  rootDir: __dirname,
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  globalTeardown: '<rootDir>/test/setup/global-teardown.js',
  maxWorkers: 2,
  testTimeout: 60000,
};
