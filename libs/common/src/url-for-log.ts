/**
 * A URL as a log line may show it: at most 200 characters, and with the values of credential
 * parameters (a WebSocket `?ticket=`, or a key someone put in a URL by mistake) replaced by `…`.
 */
export function urlForLog(url: string | undefined): string {
  const text = (url ?? '/').replace(/([?&](?:ticket|key|(?:x-)?api[_-]?key|token)=)[^&#]*/gi, '$1…');
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text;
}
