export { ApiErrors } from './api-errors.decorator';
export { ApiExampleRequests, EXAMPLE_FIXTURES, EXAMPLE_REQUESTS_EXTENSION, EXAMPLE_UNKNOWN_ORDER_ID } from './api-examples.decorator';
export type { ExampleRequest } from './api-examples.decorator';
export { ACCOUNT_ERRORS, ERROR_CATALOG, RATE_LIMIT_HEADERS } from './error-catalog';
export type { DocumentedErrorCode, HeaderDoc } from './error-catalog';
export * from './error-bodies';
