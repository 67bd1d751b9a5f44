import { OpenApiGeneratorV31, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

/** The OpenAPI 3.1 document of everything registered, generated once at start. */
export function openApiDocument(registry: OpenAPIRegistry): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Concert reservation API',
      version: '1.0.0',
      description:
        'Queue, seats, wallet and payments of the concert reservation backend. Every error is ' +
        'application/problem+json with a stable `code`; every response carries `X-Request-Id`. A body ' +
        'that is not JSON answers 400 MALFORMED_JSON, one larger than 16 KiB 413 PAYLOAD_TOO_LARGE.',
    },
  });
}
