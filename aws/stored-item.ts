/**
 * An item read back from a table, checked against the schema it was written with. A malformed
 * item is the reading module's own named error, naming every bad field.
 */
import type * as z from 'zod';

export const parseStoredItem = <S extends z.ZodType>(
  schema: S,
  item: unknown,
  malformed: (issues: string) => Error,
): z.output<S> => {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw malformed(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
};
