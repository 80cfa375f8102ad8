/**
 * Course catalogues of the three simulated platforms for 2024: public (公需) and professional
 * (专业) courses on the year's topics, named exactly as rules.md lists them, plus a few courses
 * on topics that are not on the list (they count, recorded as `other`). Titles of some wangti
 * courses hold commas, quotes and line breaks, as the real export's do.
 */
import type { Random } from './random.js';

export type SimPlatform = 'hnu' | 'jxnu' | 'wangti';
export type SimCategory = 'public' | 'professional';

/** rules.md, 2024: 公需专题. */
export const publicTopics2024 = [
  '学习贯彻习近平总书记考察江西重要讲话精神',
  '打造“三大高地”、实施“五大战略”，走好新时代赶考之路',
  '专业技术人员职业道德和能力建设',
] as const;
/** rules.md, 2024: 专业专题. */
export const professionalTopics2024 = [
  '电子信息',
  '新能源',
  '新材料',
  '装备制造',
  '生物医药',
  '绿色食品',
  '高效农林',
] as const;
/** Topics no year lists: counted all the same, shown as `other`. */
export const offListTopics = ['人工智能通识', '数字经济与治理', '乡村振兴实务'] as const;

export interface SimCourse {
  readonly platform: SimPlatform;
  readonly code: string;
  readonly title: string;
  readonly category: SimCategory;
  readonly topic: string;
  /** hnu and wangti: 学时 in hundredths. */
  readonly hundredths: number;
  /** jxnu: study minutes (hours follow by the 45-minute rule). */
  readonly minutes: number;
}

const professionalTitles: Readonly<Record<string, readonly string[]>> = {
  电子信息: ['集成电路设计基础', '5G通信与物联网应用', '电子信息\n前沿（上）'],
  新能源: ['新能源材料前沿', '光伏发电系统运维', '储能技术与应用'],
  新材料: ['新材料"双碳"路径，案例', '稀土功能材料', '先进陶瓷材料'],
  装备制造: ['装备制造数字化转型', '智能制造系统集成', '工业机器人应用'],
  生物医药: ['生物医药研发伦理', '生物医药产业链', '中医药现代化'],
  绿色食品: ['绿色食品检测技术', '富硒农产品开发', '食品安全标准解读'],
  高效农林: ['高效农林概论', '油茶高产栽培', '林下经济模式'],
  人工智能通识: ['人工智能通识', '大模型应用入门'],
  数字经济与治理: ['数字经济与治理'],
  乡村振兴实务: ['乡村振兴实务'],
};

const publicTitles: Readonly<Record<string, readonly string[]>> = {
  学习贯彻习近平总书记考察江西重要讲话精神: ['学习贯彻习近平总书记考察江西重要讲话精神'],
  '打造“三大高地”、实施“五大战略”，走好新时代赶考之路': ['打造“三大高地”、实施“五大战略”，走好新时代赶考之路'],
  专业技术人员职业道德和能力建设: ['专业技术人员职业道德和能力建设', '专业技术人员的诚信与责任'],
};

const codePrefix: Readonly<Record<SimPlatform, { public: string; professional: string }>> = {
  hnu: { public: 'HNU-G', professional: 'HNU-C' },
  jxnu: { public: 'JX-GX-2024', professional: 'JX-ZY-2024' },
  wangti: { public: 'WT-GX', professional: 'WT-ZY' },
};

/** 学时 of public and professional courses (hundredths), and jxnu minutes. */
const publicHundredths = [500, 600, 1000, 1200] as const;
const professionalHundredths = [250, 600, 800, 1000, 1200, 1600] as const;
const publicMinutes = [135, 270, 450, 540] as const;
const professionalMinutes = [90, 100, 270, 360, 450, 540, 720, 68, 30] as const;

/** A platform's catalogue, the same for the same random stream. */
export const catalogueOf = (platform: SimPlatform, random: Random): SimCourse[] => {
  const courses: SimCourse[] = [];
  let serial = 0;
  const add = (category: SimCategory, topic: string, titles: readonly string[]) => {
    for (const raw of titles) {
      serial += 1;
      // Only wangti's export carries titles with line breaks; the webhooks' titles are one line.
      const title = platform === 'wangti' ? raw : raw.replace(/\n/g, '');
      courses.push({
        platform,
        code: `${codePrefix[platform][category]}-${String(serial).padStart(4, '0')}`,
        title,
        category,
        topic,
        hundredths: random.pick(category === 'public' ? publicHundredths : professionalHundredths),
        minutes: random.pick(category === 'public' ? publicMinutes : professionalMinutes),
      });
    }
  };
  for (const topic of publicTopics2024) add('public', topic, publicTitles[topic] ?? [topic]);
  for (const topic of [...professionalTopics2024, ...offListTopics])
    add('professional', topic, professionalTitles[topic] ?? [topic]);
  return courses;
};

/** How each platform names the categories (platforms.md). */
export const categoryNames: Readonly<Record<SimPlatform, Record<SimCategory, string>>> = {
  hnu: { public: '公需科目', professional: '专业科目' },
  jxnu: { public: '公需课', professional: '专业课' },
  wangti: { public: '公需', professional: '专业' },
};
