import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/*
 * What the contract tests need to check answers against the served documents: OpenAPI 3.0
 * schemas as plain JSON Schema for ajv, with every documented object closed, so that a field the
 * engine sends and the document does not name fails the check.
 */

export type Schema = Record<string, unknown>;

const ANNOTATIONS_ONLY = new Set(['example', 'nullable', 'xml', 'externalDocs', 'discriminator']);

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes a null alternative, annotations ajv does not know go. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (ANNOTATIONS_ONLY.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, toJsonSchema(s)]));
    } else if (['items', 'allOf', 'oneOf', 'anyOf', 'not', 'additionalProperties'].includes(key)) {
      out[key] = toJsonSchema(value);
    } else {
      out[key] = value;
    }
  }
  return source.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/** Every component as JSON Schema. */
export function jsonSchemas(components: Record<string, Schema>): Record<string, Schema> {
  return mapValues(components, (s) => toJsonSchema(s) as Schema);
}

/** The documented objects, closed: `additionalProperties: false` where a schema lists properties and says nothing else. */
export function closeObjects(components: Record<string, Schema>): Record<string, Schema> {
  const close = (s: Schema): Schema =>
    s.properties && s.additionalProperties === undefined
      ? { ...s, additionalProperties: false, properties: mapValues(s.properties as Record<string, Schema>, closeNested) }
      : s;
  const closeNested = (s: Schema): Schema => (s.type === 'array' && s.items ? { ...s, items: close(s.items as Schema) } : close(s));
  return mapValues(components, close);
}

/** Replaces every `#/components/schemas/X` reference with the schema itself (the documents have no cycles). */
export function dereference(schema: unknown, components: Record<string, unknown>, depth = 0): unknown {
  if (depth > 50) throw new Error('schema references nest too deep (a cycle?)');
  if (Array.isArray(schema)) return schema.map((s) => dereference(s, components, depth + 1));
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as Schema).$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    if (!(name in components)) throw new Error(`unresolved reference ${ref}`);
    return dereference(components[name], components, depth + 1);
  }
  return mapValues(schema as Schema, (v) => dereference(v, components, depth + 1));
}

function mapValues<T, U>(object: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, fn(v)]));
}

/** An ajv instance for answers: formats (uuid, date-time) checked. */
export function answerValidator(): (schema: unknown) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const cache = new Map<unknown, ValidateFunction>();
  return (schema) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(schema as Schema);
      cache.set(schema, validate);
    }
    return validate;
  };
}

/** Deep copy of a value with every string equal to a key of `values` replaced by its value. */
export function substitute<T>(value: T, values: Record<string, string>): T {
  if (typeof value === 'string') return (values[value] ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, values)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)])) as T;
  }
  return value;
}
