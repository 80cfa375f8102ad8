/** The check both generated API documents must pass: OpenAPI 3.1, valid by a real validator (not by our own reading). */
import { compileErrors, validate } from '@readme/openapi-parser';
import { expect } from 'vitest';

export const expectValidOpenApi31 = async (doc: { readonly openapi: string }): Promise<void> => {
  expect(doc.openapi).toBe('3.1.0');
  const result = await validate(structuredClone(doc) as never);
  expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
};
