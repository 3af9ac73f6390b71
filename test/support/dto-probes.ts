import { ArgumentMetadata, RequestMethod, ValidationPipe } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getMetadataStorage } from 'class-validator';
import { OrderValidationError } from '@app/orders';
import { dereference, Schema } from './contract';
import type { OpenApiDocument, Operation } from './contract-requests';

/*
 * Holds a documented request schema to the validation pipe that enforces it: for each property,
 * values just inside and just outside each documented bound (maximum, minimum, maxLength,
 * minLength, enum, maxItems, integer, required) must be accepted and refused by the pipe exactly
 * as the document says. A rule changed in a DTO and not in its @ApiProperty fails here.
 */

export interface DtoUnderTest {
  dto: Function;
  location: 'body' | 'query';
  /** The documented properties, and which are required. */
  properties: Record<string, Schema>;
  required: string[];
  /** A valid request (a documented 2xx example), to vary one property at a time. */
  base: Record<string, unknown>;
}

/** The property names class-validator checks on a DTO (what the pipe lets through). */
export function validatedProperties(dto: Function): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

interface Probe {
  value: unknown;
  accepted: boolean;
  why: string;
}

/** The probes of one (branch of a) property schema. */
function probesOf(schema: Schema, sample: unknown): Probe[] {
  const probes: Probe[] = [];
  const integer = schema.type === 'integer';
  const step = integer ? 1 : 0.0001;
  if (typeof schema.maximum === 'number') {
    probes.push({ value: schema.maximum, accepted: true, why: `maximum ${schema.maximum}` });
    probes.push({ value: round(schema.maximum + step), accepted: false, why: `over maximum ${schema.maximum}` });
  }
  if (typeof schema.minimum === 'number') {
    probes.push({ value: schema.minimum, accepted: true, why: `minimum ${schema.minimum}` });
    probes.push({ value: round(schema.minimum - step), accepted: false, why: `under minimum ${schema.minimum}` });
  }
  if (integer) probes.push({ value: ((schema.minimum as number) ?? 0) + 0.5, accepted: false, why: 'not an integer' });
  if (typeof schema.maxLength === 'number') {
    probes.push({ value: 'a'.repeat(schema.maxLength), accepted: true, why: `maxLength ${schema.maxLength}` });
    probes.push({ value: 'a'.repeat(schema.maxLength + 1), accepted: false, why: `over maxLength ${schema.maxLength}` });
  }
  if (typeof schema.minLength === 'number' && schema.minLength > 0) {
    probes.push({ value: 'a'.repeat(schema.minLength), accepted: true, why: `minLength ${schema.minLength}` });
    probes.push({ value: 'a'.repeat(schema.minLength - 1), accepted: false, why: `under minLength ${schema.minLength}` });
  }
  if (Array.isArray(schema.enum)) {
    for (const member of schema.enum) probes.push({ value: member, accepted: true, why: `enum member ${member}` });
    probes.push({ value: 'not-a-member', accepted: false, why: 'not an enum member' });
  }
  if (typeof schema.maxItems === 'number' && Array.isArray(sample) && sample.length > 0) {
    const items = (n: number) => Array.from({ length: n }, () => sample[0]);
    probes.push({ value: items(schema.maxItems), accepted: true, why: `maxItems ${schema.maxItems}` });
    probes.push({ value: items(schema.maxItems + 1), accepted: false, why: `over maxItems ${schema.maxItems}` });
  }
  return probes;
}

const round = (n: number) => Number(n.toFixed(6));

/** The fields the pipe refuses in `value`, or [] when it accepts it. */
async function refusedFields(pipe: ValidationPipe, target: DtoUnderTest, value: Record<string, unknown>): Promise<string[]> {
  const metadata: ArgumentMetadata = { type: target.location, metatype: target.dto as never, data: undefined };
  try {
    await pipe.transform(value, metadata);
    return [];
  } catch (err) {
    if (!(err instanceof OrderValidationError)) throw err;
    return err.violations.map((v) => v.field.split('.')[0]);
  }
}

/** Every disagreement between the document and the pipe, for people. */
export async function disagreements(pipe: ValidationPipe, target: DtoUnderTest): Promise<string[]> {
  const found: string[] = [];
  const name = `${target.dto.name} (${target.location})`;
  const wire = (v: unknown) => (target.location === 'query' && typeof v !== 'object' ? String(v) : v);
  const baseRefused = await refusedFields(pipe, target, target.base);
  if (baseRefused.length > 0) found.push(`${name}: the documented example is refused (${baseRefused.join(', ')})`);
  for (const [property, schema] of Object.entries(target.properties)) {
    const without = { ...target.base };
    delete without[property];
    const required = target.required.includes(property);
    const refusedWithout = (await refusedFields(pipe, target, without)).includes(property);
    if (refusedWithout !== required) found.push(`${name}.${property}: documented ${required ? '' : 'not '}required, the pipe disagrees`);
    if (target.location === 'body') {
      const refused = (await refusedFields(pipe, target, { ...target.base, [property]: true })).includes(property);
      if (!refused && schema.type !== 'boolean') found.push(`${name}.${property}: a boolean is accepted`);
    }
    const branches = (schema.oneOf as Schema[] | undefined) ?? [schema];
    for (const branch of branches) {
      for (const probe of probesOf(branch, target.base[property])) {
        const refused = (await refusedFields(pipe, target, { ...target.base, [property]: wire(probe.value) })).includes(property);
        if (refused === probe.accepted) {
          found.push(`${name}.${property}: ${JSON.stringify(probe.value)} (${probe.why}) is ${refused ? 'refused' : 'accepted'}`);
        }
      }
    }
  }
  return found;
}

/**
 * Every DTO a route validates its whole body or query with, found from the controllers' own
 * metadata (so a new route's DTO is checked without being listed here), with its documented schema.
 */
export function requestDtos(app: NestFastifyApplication, spec: OpenApiDocument): DtoUnderTest[] {
  const targets: DtoUnderTest[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function;
      const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || name === 'constructor') continue;
        const path = `/${[prefix, Reflect.getMetadata(PATH_METADATA, handler) as string].filter((p) => p && p !== '/').join('/')}`;
        const operation = spec.paths[path.replace(/:(\w+)/g, '{$1}')]?.[RequestMethod[method].toLowerCase()];
        if (!operation) throw new Error(`${RequestMethod[method]} ${path} is not documented`);
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number; data?: unknown }>;
        const types = Reflect.getMetadata('design:paramtypes', controller.prototype, name) as Function[];
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if ((kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY) || arg.data !== undefined) continue;
          targets.push(describeDto(types[arg.index], kind === RouteParamtypes.BODY ? 'body' : 'query', operation, spec));
        }
      }
    }
  }
  return targets;
}

function describeDto(dto: Function, location: 'body' | 'query', operation: Operation, spec: OpenApiDocument): DtoUnderTest {
  const base = Object.values(operation['x-example-requests'] ?? {}).find((e) => e.status < 300)?.[location] ?? {};
  if (location === 'query') {
    const parameters = (operation.parameters ?? []).filter((p) => p.in === 'query');
    return {
      dto,
      location,
      properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
      required: parameters.filter((p) => p.required).map((p) => p.name),
      base: base as Record<string, unknown>,
    };
  }
  const schema = dereference(operation.requestBody?.content['application/json'].schema, spec.components.schemas) as Schema;
  return {
    dto,
    location,
    properties: (schema.properties ?? {}) as Record<string, Schema>,
    required: (schema.required ?? []) as string[],
    base: base as Record<string, unknown>,
  };
}
