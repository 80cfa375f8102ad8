/** The fixed, fake identity of the local AWS parts. Nothing here reaches AWS. */
export const localRegion = 'us-east-1';
export const localAccountId = '123456789012';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
