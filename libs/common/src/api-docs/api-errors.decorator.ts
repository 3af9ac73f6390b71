import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_BODIES } from './error-bodies';
import { DocumentedErrorCode, ERROR_CATALOG, ErrorDoc, HeaderDoc } from './error-catalog';

/**
 * Documents the error answers of a route: one OpenAPI response per status, whose schema allows
 * exactly the codes listed (by body shape), with the headers those answers carry and an example of
 * each code. `@ApiErrors(...ACCOUNT_ERRORS, 'ORDER_NOT_FOUND')`.
 */
export function ApiErrors(...codes: DocumentedErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, DocumentedErrorCode[]>();
  for (const code of new Set(codes)) {
    const { status } = ERROR_CATALOG[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses = [...byStatus].map(([status, group]) =>
    ApiResponse({
      status,
      description: group.map((code) => `\`${code}\`: ${ERROR_CATALOG[code].description}`).join('\n\n'),
      schema: schemaOf(group),
      headers: headersOf(group),
      examples: Object.fromEntries(group.map((code) => [code, { summary: code, value: exampleOf(code) }])),
    }),
  );
  return applyDecorators(ApiExtraModels(...ERROR_BODIES), ...responses);
}

/** One variant per body shape, each fixing `code` to the codes with that shape. */
function schemaOf(codes: DocumentedErrorCode[]): Record<string, unknown> {
  const byBody = new Map<Function, string[]>();
  for (const code of codes) {
    const doc: ErrorDoc = ERROR_CATALOG[code];
    byBody.set(doc.body, [...(byBody.get(doc.body) ?? []), code]);
  }
  const variants = [...byBody].map(([body, group]) => ({
    allOf: [{ $ref: getSchemaPath(body) }, { type: 'object', properties: { code: { type: 'string', enum: group } } }],
  }));
  return variants.length === 1 ? variants[0] : { oneOf: variants };
}

/** The headers any of the codes carries; required only when every one of them carries it. */
function headersOf(codes: DocumentedErrorCode[]): Record<string, HeaderDoc> | undefined {
  const headers: Record<string, HeaderDoc> = {};
  for (const code of codes) Object.assign(headers, (ERROR_CATALOG[code] as ErrorDoc).headers ?? {});
  for (const [name, header] of Object.entries(headers)) {
    const always = codes.every((code) => (ERROR_CATALOG[code] as ErrorDoc).headers?.[name]?.required === true);
    headers[name] = { ...header, required: always };
  }
  return Object.keys(headers).length > 0 ? headers : undefined;
}

function exampleOf(code: DocumentedErrorCode): Record<string, unknown> {
  const doc: ErrorDoc = ERROR_CATALOG[code];
  return { statusCode: doc.status, code, message: doc.description, ...doc.example };
}
