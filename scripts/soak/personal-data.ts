/**
 * The soak's scan of everything the hub wrote to its logs (stdout and stderr: Powertools JSON
 * lines, EMF metrics, the runtime's own lines) for personal data that must never be there
 * (hub-api.md): a full resident ID card number (18 characters whose check character is valid)
 * or any generated person's name.
 */
import { idCardProblem } from '../../shared/person/id-card.js';

export interface PersonalDataFindings {
  /** Full, valid ID card numbers seen (each occurrence). */
  readonly idCards: number;
  /** Generated names seen (each occurrence). */
  readonly names: number;
  /** Up to a few masked examples, to find the line that leaked (never the value in clear). */
  readonly examples: readonly string[];
}

export const examplesMax = 5;

/** 17 digits and a check character, not inside a longer run of digits or letters. */
const idCardCandidate = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
/** Runs of CJK ideographs: where a Chinese name can hide. */
const cjkRun = /[\u3400-\u9fff]+/g;

/** Where a leak is, without repeating it: the 40 characters before it, digits and ideographs blanked. */
const maskedExample = (kind: string, value: string, line: string): string => {
  const at = line.indexOf(value);
  const context = line
    .slice(Math.max(0, at - 40), at)
    .replace(/\d{4,}/g, (m) => '#'.repeat(m.length))
    .replace(/[\u3400-\u9fff]/g, '·');
  return `${kind} (${value.length} characters) after "${context}"`;
};

/** A scanner over log lines; names are the generated people's names. */
export const createPersonalDataScanner = (names: Iterable<string>) => {
  const nameSet = new Set([...names].map((name) => name.trim()).filter((name) => name.length > 0));
  const lengths = [...new Set([...nameSet].map((name) => name.length))].sort((a, b) => a - b);
  let idCards = 0;
  let nameHits = 0;
  const examples: string[] = [];
  const example = (text: string) => {
    if (examples.length < examplesMax) examples.push(text);
  };

  const scanLine = (line: string): void => {
    for (const match of line.matchAll(idCardCandidate)) {
      if (idCardProblem(match[0].toUpperCase()) === undefined) {
        idCards += 1;
        example(maskedExample('ID card', match[0], line));
      }
    }
    if (nameSet.size === 0) return;
    for (const run of line.matchAll(cjkRun)) {
      const text = run[0];
      for (let start = 0; start < text.length; start += 1) {
        for (const length of lengths) {
          if (start + length > text.length) break;
          const candidate = text.slice(start, start + length);
          if (nameSet.has(candidate)) {
            nameHits += 1;
            example(maskedExample('name', candidate, line));
          }
        }
      }
    }
  };

  return {
    scanLine,
    /** Scans text that may hold many lines. */
    scanText: (text: string): void => {
      for (const line of text.split('\n')) scanLine(line);
    },
    findings: (): PersonalDataFindings => ({ idCards, names: nameHits, examples: [...examples] }),
  };
};
