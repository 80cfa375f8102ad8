/**
 * Realistic people for the simulators: resident ID card numbers (GB 11643) with Jiangxi area
 * codes (36xxxx), real birth dates of working-age professionals, sequence numbers, and the
 * check character by ISO 7064 MOD 11-2 (computed here on its own, not with the hub's code);
 * Chinese names and employers. Deterministic by seed.
 */
import { createRandom, type Random } from './random.js';

export interface SimPerson {
  /** Normalised: 18 characters, upper-case X. */
  readonly idCardNo: string;
  readonly name: string;
  readonly employer: string;
}

/** County-level area codes of Jiangxi (江西省). */
export const jiangxiAreaCodes = [
  '360102',
  '360103',
  '360104',
  '360111',
  '360112',
  '360113',
  '360121',
  '360123',
  '360124',
  '360202',
  '360203',
  '360222',
  '360281',
  '360302',
  '360313',
  '360402',
  '360403',
  '360404',
  '360423',
  '360481',
  '360502',
  '360521',
  '360602',
  '360603',
  '360681',
  '360702',
  '360703',
  '360704',
  '360721',
  '360781',
  '360802',
  '360803',
  '360821',
  '360881',
  '360902',
  '360921',
  '360981',
  '361002',
  '361003',
  '361021',
  '361102',
  '361103',
  '361104',
  '361181',
] as const;

const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '罗',
  '熊',
  '邹',
  '彭',
  '万',
  '涂',
  '欧阳',
];
const givenParts = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '平',
  '刚',
  '桂英',
  '建华',
  '文',
  '婷',
  '晨',
  '思远',
  '雨',
  '嘉',
  '志',
  '宇',
];
const employers = [
  '江西省科学院',
  '南昌大学',
  '江西省农业科学院',
  '江西铜业集团',
  '江西省人民医院',
  '赣州市中心医院',
  '九江学院',
  '江西省电子信息研究所',
  '景德镇陶瓷大学',
  '江西省建筑设计研究院',
];

/** ISO 7064 MOD 11-2 over the first 17 digits: weights 2^(17-i) mod 11, check (12 - sum mod 11) mod 11, 10 written X. */
export const checkCharacterOf = (first17: string): string => {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the first 17 characters must be digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
};

/** True when the number is 18 characters with a real birth date and the right check character. */
export const isValidIdCardNo = (text: string): boolean => {
  const id = text.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const [year, month, day] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return false;
  return checkCharacterOf(id.slice(0, 17)) === id[17];
};

/** The same number with another (wrong) check character. */
export const withWrongCheckCharacter = (idCardNo: string): string => {
  const right = idCardNo[17];
  const wrong = right === '1' ? '2' : right === 'X' ? '3' : String((Number(right) + 1) % 10);
  return `${idCardNo.slice(0, 17)}${wrong}`;
};

const birthDateOf = (random: Random): string => {
  // Born 1962-2000: professionals of working age in 2024.
  const start = Date.UTC(1962, 0, 1);
  const end = Date.UTC(2000, 11, 31);
  const day = new Date(start + Math.floor(random.next() * ((end - start) / 86_400_000 + 1)) * 86_400_000);
  return day.toISOString().slice(0, 10).replace(/-/g, '');
};

export const idCardNoFrom = (random: Random): string => {
  const first17 = `${random.pick(jiangxiAreaCodes)}${birthDateOf(random)}${String(random.int(1, 999)).padStart(3, '0')}`;
  return `${first17}${checkCharacterOf(first17)}`;
};

export const nameFrom = (random: Random): string =>
  `${random.pick(surnames)}${random.pick(givenParts)}${random.chance(0.5) ? random.pick(givenParts) : ''}`;

/** `count` people with distinct ID card numbers, the same for the same seed. */
export const generatePeople = (count: number, seed: string | number): SimPerson[] => {
  const random = createRandom(seed).fork('people');
  const seen = new Set<string>();
  const people: SimPerson[] = [];
  while (people.length < count) {
    const idCardNo = idCardNoFrom(random);
    if (seen.has(idCardNo)) continue;
    seen.add(idCardNo);
    people.push({ idCardNo, name: nameFrom(random), employer: random.pick(employers) });
  }
  return people;
};
