/**
 * Building the page's elements. Text only ever goes in through `textContent` and attribute
 * values through `setAttribute`, so a payload (hostile input from a platform) is shown as the
 * characters it holds and can never become markup; the page's CSP also forbids HTML sinks
 * (Trusted Types with no policy).
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

const svgNamespace = 'http://www.w3.org/2000/svg';

const append = (parent: Element, children: readonly Child[]): void => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(typeof child === 'number' ? String(child) : (child as Node | string));
  }
};

const setAttributes = (element: Element, attributes: Attributes): void => {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
};

/** An HTML element with attributes and children (strings become text nodes). */
export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
};

/** An SVG element, likewise. */
export const svg = (tag: string, attributes: Attributes = {}, ...children: Child[]): SVGElement => {
  const element = document.createElementNS(svgNamespace, tag);
  setAttributes(element, attributes);
  append(element, children);
  return element;
};

/** Replaces everything in `parent`. */
export const show = (parent: Element, ...children: Child[]): void => {
  parent.replaceChildren();
  append(parent, children);
};

export const byId = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
};

/** A time as the operator reads it: Beijing time, to the second (the platforms' and the province's clock). */
export const beijingTime = (iso: string | null | undefined): string => {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} (+08)`;
};
