/** Which npm package a module path belongs to, and which packages are the AWS SDK: one meaning for the bundle report and the profile summary. */

/** The package of a path under node_modules (`@scope/name` or `name`), or undefined for the repository's own files. */
export const packageOf = (path: string): string | undefined => {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = path.slice(at + 'node_modules/'.length).split('/');
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
};

/** `@aws-sdk/*`, `@smithy/*` and `@aws-crypto/*`: what the AWS SDK for JavaScript v3 is made of. */
export const isSdkPackage = (name: string): boolean => /^@(aws-sdk|smithy|aws-crypto)\//.test(name);
