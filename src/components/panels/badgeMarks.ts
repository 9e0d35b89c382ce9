/**
 * The sign each outcome badge carries besides its word and its colour (colour is never alone):
 * OK ✓, LOST ✕, DUPLICATE ×2, SUPERSEDED ↷, PENDING …, IN DLT ⚑, OUT OF ORDER ⇅. Decorative for a
 * screen reader, which reads the word.
 */
export const BADGE_MARKS = {
  ok: '✓',
  lost: '✕',
  duplicated: '×2',
  superseded: '↷',
  pending: '…',
  'dead-lettered': '⚑',
  order: '⇅',
} as const satisfies Record<string, string>;

export type BadgeTone = keyof typeof BADGE_MARKS;

export const badgeMark = (tone: string): string => BADGE_MARKS[tone as BadgeTone] ?? '';
