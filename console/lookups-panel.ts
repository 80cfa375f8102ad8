/**
 * "Why are this person's hours what they are?": the person lookup (`POST /ops/people/lookup`,
 * the ID card number in the body, never the URL) and the record lookup by the platform's own
 * id (`GET /ops/records/{platform}/{recordId}`). Answers are operator views (numbers masked
 * to their last 4 characters), shown section by section.
 */
import { platformCodes } from '../shared/platforms/platform.js';
import { callHub } from './api.js';
import { dataView } from './data-view.js';
import { byId, el, show } from './dom.js';
import { reportError } from './notices.js';

const answerView = (answer: unknown): HTMLElement => {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return el('div', { class: 'answer' }, dataView(answer));
  const sections = Object.entries(answer as Record<string, unknown>);
  const scalars = sections.filter(([, value]) => value === null || typeof value !== 'object');
  const nested = sections.filter(([, value]) => value !== null && typeof value === 'object');
  return el(
    'div',
    { class: 'answer' },
    scalars.length > 0 && dataView(Object.fromEntries(scalars)),
    ...nested.map(([name, value]) => el('section', { 'data-section': name }, el('h4', {}, name), dataView(value))),
  );
};

const formValue = (form: HTMLFormElement, name: string): string => {
  const field = form.elements.namedItem(name);
  return field instanceof HTMLInputElement || field instanceof HTMLSelectElement ? field.value.trim() : '';
};

const lookUpPerson = async (form: HTMLFormElement): Promise<void> => {
  const idCardNo = formValue(form, 'idCardNo');
  const year = formValue(form, 'year');
  const area = byId('person-answer');
  try {
    const answer = await callHub<unknown>('people/lookup', { method: 'POST', body: { idCardNo, ...(year === '' ? {} : { year: Number(year) }) } });
    // The full number leaves the screen once it has been sent; the answer shows its last 4 characters.
    (form.elements.namedItem('idCardNo') as HTMLInputElement).value = '';
    show(area, answerView(answer));
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
    show(area, answerView(await callHub<unknown>(`records/${encodeURIComponent(platform)}/${encodeURIComponent(recordId)}`)));
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
