import { describe, expect, it } from 'vitest';
import rules2024 from '../../../shared/rules/years/2024.json' with { type: 'json' };
import { idCardProblem } from '../../../shared/person/id-card.js';
import { catalogueOf, offListTopics, professionalTopics2024, publicTopics2024 } from '../../../sim/courses.js';
import { checkCharacterOf, generatePeople, isValidIdCardNo, withWrongCheckCharacter } from '../../../sim/people.js';
import { createRandom } from '../../../sim/random.js';
import { generateScenario } from '../../../sim/scenario.js';

describe('the people generator', () => {
  it('makes valid Jiangxi ID card numbers with real birth dates, as the hub checks them too', () => {
    const people = generatePeople(500, 'ids');
    for (const person of people) {
      expect(person.idCardNo).toMatch(/^36\d{15}[\dX]$/);
      expect(isValidIdCardNo(person.idCardNo)).toBe(true);
      expect(idCardProblem(person.idCardNo)).toBeUndefined();
      const year = Number(person.idCardNo.slice(6, 10));
      expect(year).toBeGreaterThanOrEqual(1962);
      expect(year).toBeLessThanOrEqual(2000);
    }
    expect(new Set(people.map((p) => p.idCardNo)).size).toBe(500);
  });

  it('is deterministic by seed and differs between seeds', () => {
    expect(generatePeople(20, 7)).toEqual(generatePeople(20, 7));
    expect(generatePeople(20, 7)).not.toEqual(generatePeople(20, 8));
  });

  it('computes the check characters of the spec examples, X included', () => {
    expect(checkCharacterOf('36042119850315002')).toBe('X');
    expect(checkCharacterOf('36010219800101123')).toBe('5');
    expect(checkCharacterOf('36010319881230007')).toBe('X');
  });

  it('makes a wrong check character that the hub refuses for that reason', () => {
    for (const person of generatePeople(50, 'wrong')) {
      const wrong = withWrongCheckCharacter(person.idCardNo);
      expect(isValidIdCardNo(wrong)).toBe(false);
      expect(idCardProblem(wrong)).toBe('check character does not match');
    }
  });
});

describe('the course catalogues', () => {
  it('name the 2024 topics exactly as the year rules do', () => {
    expect([...publicTopics2024]).toEqual(rules2024.topics.public);
    expect([...professionalTopics2024]).toEqual(rules2024.topics.professional);
  });

  it('cover every topic of the year in both categories, and some off the list', () => {
    for (const platform of ['hnu', 'jxnu', 'wangti'] as const) {
      const courses = catalogueOf(platform, createRandom('c'));
      const topics = new Set(courses.map((c) => c.topic));
      for (const topic of [...publicTopics2024, ...professionalTopics2024, ...offListTopics])
        expect(topics.has(topic)).toBe(true);
      expect(new Set(courses.map((c) => c.code)).size).toBe(courses.length);
    }
  });
});

describe('the scenario generator', () => {
  const scenario = generateScenario({ seed: 'features', people: 15, completions: 400 });

  it('is deterministic by seed', () => {
    expect(generateScenario({ seed: 'features', people: 15, completions: 400 })).toEqual(scenario);
    expect(generateScenario({ seed: 'other', people: 15, completions: 400 }).tag).not.toBe(scenario.tag);
  });

  it('has every kind of traffic the hub must cope with', () => {
    const features = new Set(scenario.records.flatMap((r) => r.features));
    for (const feature of [
      'correction',
      'late-original',
      'withdrawal',
      'withdrawal-first',
      'repeat',
      'failed-exam',
      'makeup',
      'year-boundary',
      'year-2025',
      'duplicate',
      'off-list-topic',
      'under-45-minutes',
    ]) {
      expect(features, feature).toContain(feature);
    }
    const bad = scenario.records.filter((r) => r.bad);
    expect(new Set(bad.map((r) => `${r.platform}:${r.bad}`)).size).toBe(9);
  });

  it('sends the year-boundary times of rules.md', () => {
    const completedAt = scenario.hnu.map((d) => (d.body.data as { completedAt?: string }).completedAt);
    expect(completedAt).toContain('2024-12-31T23:59:59+08:00');
    expect(completedAt).toContain('2024-12-31T16:30:00Z');
  });

  it('writes record ids unique per platform and within the platforms’ length', () => {
    const ids = scenario.records.map((r) => `${r.platform}#${r.recordId}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of scenario.records) expect(r.recordId.length).toBeLessThanOrEqual(64);
  });

  it('lists wangti changes newest last', () => {
    const times = scenario.wangti.map((row) => row.更新时间);
    expect([...times].sort()).toEqual(times);
  });
});
