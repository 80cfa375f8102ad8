/**
 * "Why are this person's hours what they are?": the person lookup (`POST /ops/people/lookup`,
 * the ID card number in the body, never the URL) and the record lookup by the platform's own
 * id (`GET /ops/records/{platform}/{recordId}`). Answers are operator views (numbers masked
 * to their last 4 characters), drawn by story-view.ts.
 */
import { platformCodes } from '../shared/platforms/platform.js';
import { callHub } from './api.js';
import { byId, el, show } from './dom.js';
import { reportError } from './notices.js';
import type { PersonLookup, RecordLookup } from './ops-shapes.js';
import { personView, recordView } from './story-view.js';

const formValue = (form: HTMLFormElement, name: string): string => {
  const field = form.elements.namedItem(name);
  return field instanceof HTMLInputElement || field instanceof HTMLSelectElement ? field.value.trim() : '';
};

const lookUpPerson = async (form: HTMLFormElement): Promise<void> => {
  const idCardNo = formValue(form, 'idCardNo');
  const year = formValue(form, 'year');
  const area = byId('person-answer');
  try {
    const answer = await callHub<PersonLookup>('people/lookup', {
      method: 'POST',
      body: { idCardNo, ...(year === '' ? {} : { year: Number(year) }) },
    });
    // The full number leaves the screen once it has been sent; the answer shows its last 4 characters.
    (form.elements.namedItem('idCardNo') as HTMLInputElement).value = '';
    show(area, personView(answer));
  } catch (error) {
    show(area);
    reportError('Person lookup', error);
  }
};

const lookUpRecord = async (form: HTMLFormElement): Promise<void> => {
  const platform = formValue(form, 'platform');
  const recordId = formValue(form, 'recordId');
  const area = byId('record-answer');
  try {
    show(
      area,
      recordView(
        await callHub<RecordLookup>(`records/${encodeURIComponent(platform)}/${encodeURIComponent(recordId)}`),
      ),
    );
  } catch (error) {
    show(area);
    reportError('Record lookup', error);
  }
};

const onSubmit = (form: HTMLFormElement, action: (form: HTMLFormElement) => Promise<void>): void => {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void action(form);
  });
};

export const wireLookups = (): void => {
  const platforms = byId<HTMLSelectElement>('record-platform');
  show(platforms, ...platformCodes.map((code) => el('option', { value: code }, code)));
  onSubmit(byId<HTMLFormElement>('person-form'), lookUpPerson);
  onSubmit(byId<HTMLFormElement>('record-form'), lookUpRecord);
};
