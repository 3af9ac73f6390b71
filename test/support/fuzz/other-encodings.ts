import fc from 'fast-check';
import { entriesOf, Order, validOrder, validOrderText } from './order-bodies';
import { Sent } from './order-endpoint';

/**
 * Requests that are not JSON at all: other content types (or none, or no body), and HTML-form
 * bodies. The endpoint takes application/json only, so each must be refused whatever it carries.
 */

/** A form-urlencoded body from [name, value] pairs. */
const formOf = (fields: Array<[string, string]>) =>
  fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

/** The order's fields as [name, value] pairs of plain text (strings unquoted). */
const orderFields = (o: Order): Array<[string, string]> =>
  entriesOf(o).map(([k, v]) => [k, String(JSON.parse(v))]);

/** A multipart/form-data body (boundary XyZ) from [name, value] pairs. */
const multipartOf = (fields: Array<[string, string]>) =>
  fields.map(([k, v]) => `--XyZ\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + '--XyZ--\r\n';

/** Requests kept as text until sent, so a counterexample prints readably. */
export interface TextRequest {
  body?: string;
  contentType?: string;
}

export const fromText = (r: TextRequest): Sent => ({ body: r.body === undefined ? undefined : Buffer.from(r.body), contentType: r.contentType });

const mediaToken = fc.stringMatching(/^[a-z][a-z0-9.+-]{0,15}$/);

/** Content types other than JSON and form-urlencoded: well-known ones, near-misses, random type/subtype pairs. */
const otherContentType = fc
  .oneof(
    fc.constantFrom(
      'text/plain', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=XyZ', 'multipart/form-data',
      'application/xml', 'text/xml', 'application/octet-stream', 'text/html', 'application/javascript', 'text/csv',
      'application/vnd.api+json', 'application/json-patch+json', 'application/ld+json', 'text/json',
      'application/x-json', 'application/jsonx', 'application/json, text/plain', 'text/plain, application/json',
      'image/png', '*/*', 'application/*', 'garbage', ';', '', 'application/x-www-form-urlencodedx',
    ),
    fc.tuple(mediaToken, mediaToken, fc.constantFrom('', '; charset=utf-8', '; boundary=XyZ')).map(([a, b, p]) => `${a}/${b}${p}`),
  )
  .filter((ct) => !['application/json', 'application/x-www-form-urlencoded'].includes(ct.split(';')[0].trim().toLowerCase()));

const anyBody = fc.oneof(
  validOrderText,
  validOrder.map((o) => multipartOf(orderFields(o))),
  validOrder.map((o) => formOf(orderFields(o))),
  fc.string({ maxLength: 100 }),
  fc.constant(''),
  fc.constant(undefined),
);

/**
 * A body (an order as JSON, multipart or form, random text, empty, none) under a content type the
 * endpoint does not take; or no body at all.
 */
export const otherContentTypeRequest = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(anyBody, otherContentType).map(([b, ct]): TextRequest => ({ body: b, contentType: ct })) },
  // No body at all: without a content type, and with application/json.
  fc.constantFrom<TextRequest>({}, { contentType: 'application/json' }, { body: '' }, { body: '', contentType: 'application/json' }),
);

const formFields = fc.oneof(
  { withCrossShrink: true },
  validOrder.map(orderFields),
  validOrder.map((o) => [...orderFields(o), ['__proto__', 'x'] as [string, string]]),
  validOrder.map((o) => [...orderFields(o), ['constructor', 'x'] as [string, string]]),
  fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })), { maxLength: 6 }),
);

/** Form-urlencoded bodies: an order's fields (some with an extra __proto__ or constructor), or random pairs. */
export const formRequest = fc
  .tuple(formFields, fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8'))
  .map(([f, ct]): TextRequest => ({ body: formOf(f), contentType: ct }));
