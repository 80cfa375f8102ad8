/**
 * 1 MiB: the largest request body any route takes (platforms.md: a jxnu batch over it is 413;
 * hub-api.md: the same for every route). One constant for the handlers and the intakes.
 */
export const bodyBytesMax = 1_048_576;
