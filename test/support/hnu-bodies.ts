/** hnu completion bodies made from the spec's example, with the fields a scenario needs changed. */
import { exampleText } from './hub-client.js';

export const hnuBodyOf = (replace: Record<string, string>): string =>
  Object.entries(replace).reduce(
    (text, [from, to]) => text.split(from).join(to),
    exampleText('hnu-completion-created.json'),
  );

/** The example completed in June 2023 by `idCardNo` as record `recordId`: credit year 2023, which has no rules until a test adds them. */
export const hnu2023BodyOf = (idCardNo: string, recordId: string): string =>
  hnuBodyOf({
    '36042119850315002x': idCardNo,
    'HNU-2024-0000123': recordId,
    '2024-12-31T23:40:12+08:00': '2023-06-01T10:00:00+08:00',
    '"trainingYear": 2024,': '',
  });
