import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Route modules import `z` from here, so `.openapi(...)` is available before any schema is built.
extendZodWithOpenApi(z);

export { z };
