/**
 * Errors about the data of a row (SQLSTATE classes 22 and 23): the server refused the statement,
 * so nothing of it committed and its other rows can safely be tried alone.
 */
export function isRowLevelError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
