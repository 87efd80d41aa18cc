import type { QueryTopic, TopicRecords } from '../domain/records.js';

/** One record of the demo, with its topic. */
export type DemoRecord = {
  [T in QueryTopic]: { topic: T; record: TopicRecords[T] };
}[QueryTopic];

/**
 * The records {@link MockPlatform.demo} holds for its people, by position in `DEMO_PEOPLE`
 * (made up, realistic in shape): 张三 a Guangzhou worker with 160 months of pension
 * contributions, a skill certificate and training; 买买提·艾力 unemployed since June 2026
 * with 5 years of unemployment insurance (eligible for the unemployment benefit); 李四 a
 * self-employed Shanghai shop owner repaying a start-up loan.
 *
 * @internal
 */
export const DEMO_RECORDS: readonly (readonly DemoRecord[])[] = [
  [
    {
      topic: 'insurance',
      record: {
        type: 'pension',
        status: 'contributing',
        regionCode: '440100',
        since: '2013-09',
        months: 160,
      },
    },
    {
      topic: 'insurance',
      record: {
        type: 'medical',
        status: 'contributing',
        regionCode: '440100',
        since: '2013-09',
        months: 160,
      },
    },
    {
      topic: 'insurance',
      record: {
        type: 'unemployment',
        status: 'contributing',
        regionCode: '440100',
        since: '2013-09',
        months: 160,
      },
    },
    {
      topic: 'employment',
      record: { status: 'employed', employer: '广州某科技有限公司', since: '2013-09-01' },
    },
    {
      topic: 'training',
      record: {
        course: '低压电工作业',
        institution: '广州市职业技能培训指导中心',
        completedAt: '2024-05-20',
        certificateNo: 'T440100202405200031',
      },
    },
    {
      topic: 'skill',
      record: {
        occupation: '电工',
        level: 4,
        certificateNo: 'S440100202406150123',
        issuedAt: '2024-06-15',
      },
    },
  ],
  [
    {
      topic: 'insurance',
      record: {
        type: 'pension',
        status: 'suspended',
        regionCode: '650100',
        since: '2021-07',
        months: 60,
      },
    },
    {
      topic: 'insurance',
      record: {
        type: 'unemployment',
        status: 'suspended',
        regionCode: '650100',
        since: '2021-07',
        months: 60,
      },
    },
    {
      topic: 'employment',
      record: { status: 'employed', employer: '乌鲁木齐某物流有限公司', since: '2021-07-01' },
    },
    { topic: 'employment', record: { status: 'unemployed', since: '2026-06-30' } },
    {
      topic: 'qualification',
      record: {
        name: '机动车驾驶员（A2）',
        certificateNo: 'Q650100201903110007',
        issuedAt: '2019-03-11',
      },
    },
  ],
  [
    {
      topic: 'insurance',
      record: {
        type: 'pension',
        status: 'contributing',
        regionCode: '310100',
        since: '2000-07',
        months: 305,
      },
    },
    {
      topic: 'employment',
      record: { status: 'self-employed', employer: '李四便利店', since: '2022-04-01' },
    },
    {
      topic: 'startup-loan',
      record: {
        bank: '中国建设银行上海分行',
        amount: 20_000_000,
        status: 'repaying',
        startAt: '2022-05-10',
        endAt: '2025-05-09',
      },
    },
  ],
  [],
];
