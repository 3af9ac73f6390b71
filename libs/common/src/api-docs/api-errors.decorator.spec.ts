import { DECORATORS } from '@nestjs/swagger';
import { ApiErrors } from './api-errors.decorator';

type Responses = Record<string, { schema: Record<string, any>; headers?: Record<string, { required: boolean }>; examples: object }>;

function responsesOf(decorator: MethodDecorator): Responses {
  class Target {
    handler(): void {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, 'handler')!;
  decorator(Target.prototype, 'handler', descriptor);
  return Reflect.getMetadata(DECORATORS.API_RESPONSE, descriptor.value);
}

describe('ApiErrors', () => {
  it('documents one response per status, whose schema allows exactly the codes listed, by body shape', () => {
    const responses = responsesOf(ApiErrors('RATE_LIMITED', 'TOO_MANY_OPEN_ORDERS', 'ORDER_NOT_FOUND'));
    expect(Object.keys(responses).sort()).toEqual(['404', '429']);
    expect(responses['429'].schema.oneOf).toEqual([
      { allOf: [{ $ref: '#/components/schemas/RateLimitedErrorBody' }, { type: 'object', properties: { code: { type: 'string', enum: ['RATE_LIMITED'] } } }] },
      {
        allOf: [
          { $ref: '#/components/schemas/TooManyOpenOrdersErrorBody' },
          { type: 'object', properties: { code: { type: 'string', enum: ['TOO_MANY_OPEN_ORDERS'] } } },
        ],
      },
    ]);
    expect(responses['404'].schema).toEqual({
      allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { type: 'object', properties: { code: { type: 'string', enum: ['ORDER_NOT_FOUND'] } } }],
    });
    expect(Object.keys(responses['429'].examples)).toEqual(['RATE_LIMITED', 'TOO_MANY_OPEN_ORDERS']);
  });

  it('marks a header required only when every code of the status sends it', () => {
    const responses = responsesOf(ApiErrors('RATE_LIMITED', 'TOO_MANY_OPEN_ORDERS', 'DEPENDENCY_UNAVAILABLE', 'RPC_TIMEOUT'));
    expect(responses['429'].headers?.['Retry-After'].required).toBe(true);
    // Only RATE_LIMITED answers carry the RateLimit fields.
    expect(responses['429'].headers?.['RateLimit-Limit'].required).toBe(false);
    // A venue timeout (503) comes without Retry-After; an unavailable dependency with it.
    expect(responses['503'].headers?.['Retry-After'].required).toBe(false);
  });
});
