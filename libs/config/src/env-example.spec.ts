import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentVariables } from './environment';

/** The settings .env.example documents, as KEY=VALUE lines. */
function documented(): Map<string, string> {
  const text = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
  return new Map(
    text
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('.env.example', () => {
  it('documents every setting the engine reads, with its real default, and nothing else', () => {
    const defaults = Object.entries(new EnvironmentVariables()).map(([key, value]) => [key, String(value)]);
    const example = documented();
    expect(Object.fromEntries([...example].sort())).toEqual(Object.fromEntries(defaults.sort()));
  });
});
