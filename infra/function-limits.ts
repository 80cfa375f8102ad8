/**
 * Limits of a shipped function, in one place for the stack's bundling, its tests and the
 * bench (which must not load aws-cdk-lib to read them).
 */

/** A function's module initialisation (importing its bundle in a fresh Node process) stays under this, ms. */
export const initMsMax = 150;

/** Regression ceiling of a bundle, bytes: with the AWS SDK bundled in each is near 600 KiB; far past that something heavy crept in. */
export const bundleBytesMax = 1024 * 1024;
