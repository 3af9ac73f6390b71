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
    '^@app/(config|database|orders|dex|execution)(|/.*)$': '<rootDir>/libs/$1/src$2',
  },
};
