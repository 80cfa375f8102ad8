/**
 * Whole numbers in path and query parameters (API Gateway hands them over as strings): decimal
 * digits only. `Number()` and `z.coerce` also take ` 2024`, `2024.0`, `0x7E8`, `+2024` and
 * `1e2`, so one URL would name one thing many ways; here each is a 400 naming the parameter.
 * The document shows the number's own schema (integer, its bounds), which is what is checked
 * after the digits: a client generated from it sends decimal digits.
 */
import * as z from 'zod';

/** Past this many digits no parameter's bound is near, and a JS number would lose digits. */
export const wholeNumberDigitsMax = 15;

export const wholeNumberPattern = new RegExp(`^[0-9]{1,${wholeNumberDigitsMax}}$`);

export const wholeNumberMessage = `must be a whole number in decimal digits (0-9 only, at most ${wholeNumberDigitsMax}): no sign, space, decimal point, exponent or hex`;

/**
 * A parameter that is `schema` once its text is strictly decimal digits. A default belongs on
 * `schema` (an absent parameter reaches it as undefined); a path parameter needs
 * `.meta({ param: { required: true } })`, as the generator cannot see through the digits check.
 */
export const wholeNumberParam = <S extends z.ZodType<number>>(schema: S) =>
  z.preprocess((value, ctx) => {
    // Numbers (a default, a caller in-process) go to the schema as they are.
    if (typeof value !== 'string') return value;
    if (!wholeNumberPattern.test(value)) {
      ctx.addIssue({ code: 'custom', message: wholeNumberMessage, input: value });
      return z.NEVER;
    }
    return Number(value);
  }, schema);
