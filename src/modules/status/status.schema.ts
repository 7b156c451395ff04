import { Type } from 'typebox';

export const ReasonBody = Type.Object({
  code: Type.String({ description: 'Stable reason code, e.g. CLOSE_CONTACT' }),
  status: Type.Enum(['yellow', 'red', 'pending'] as const),
  since: Type.Number(),
  text: Type.String({ description: 'What the reason is, in words' }),
  clears: Type.String({ description: 'What clears it and when, in words' }),
  clearsAt: Type.Union([Type.Number(), Type.Null()]),
  appealable: Type.Union([Type.Object({ factType: Type.String(), factId: Type.String() }), Type.Null()], {
    description: 'The fact behind this reason, if the holder can dispute it (纠错)',
  }),
});

export const StatusBody = Type.Object({
  status: Type.Enum(['green', 'yellow', 'red', 'pending'] as const),
  label: Type.String({ description: '绿码 / 黄码 / 红码 / 待申报 in the caller’s language' }),
  headline: Type.String({ description: '未见异常, or 经过数据库查询，您有以下出行提示：' }),
  reasons: Type.Array(ReasonBody),
  clearsAt: Type.Union([Type.Number(), Type.Null()]),
  ruleSetVersion: Type.String({ description: 'The rule-set version that decided this status' }),
  computedAt: Type.Number(),
});

/** A holder's latest nucleic-acid test as facts, for another platform to read its own way (互认). */
export const LatestTestBody = Type.Union([Type.Object({ sampledAt: Type.Number({ description: 'When it was sampled (epoch ms)' }), result: Type.Enum(['negative', 'positive'] as const) }), Type.Null()], {
  description: 'The holder’s latest nucleic-acid test; null when there is none on record',
});

export const NucleicAcidBody = Type.Object(
  {
    line: Type.Enum(['negative_24h', 'negative_48h', 'negative_72h', 'positive', 'none_recent'] as const),
    label: Type.String({ description: '24小时内核酸阴性 / 48小时内… / 72小时内… / 核酸阳性 / 无近期核酸记录, in the caller’s language' }),
    sampledAt: Type.Union([Type.Number(), Type.Null()], { description: 'When the test counted was sampled (epoch ms); null for none_recent' }),
  },
  { description: 'The latest nucleic-acid test sampled within 72 h, by its age as checkpoints read it' },
);
