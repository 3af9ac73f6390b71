/** Unit tests: *.spec.ts beside the code in apps/ and libs/. */
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testRegex: '.*\\.spec\\.ts$',
  transform: {
    '^.+\\.ts$': 'ts-jest',
  },
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@app/(accounts|common|config|database|orders|dex|quotes|execution|launches|observability)(|/.*)$': '<rootDir>/libs/$1/src$2',
  },
};
