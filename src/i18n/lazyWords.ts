/** The lesson words the first render needs: the header's buttons (the rest: lesson.ts, added by the lesson chunks). */
export const lessonBaseEn = {
  index: { open: 'Lessons' },
  presenter: { enter: 'Presenter mode' },
};

export const lessonBaseKo: typeof lessonBaseEn = {
  index: { open: '레슨' },
  presenter: { enter: '발표자 모드' },
};

/**
 * The few words of side by side, "Why?" and bad input that the first render needs (the header's button, a
 * link's refused compare= part, the ledger's Why? buttons); the rest of their words come with their
 * own chunks (compare.ts, why.ts, added by addTexts).
 */
export const compareBaseEn = {
  open: 'Side by side',
  errors: {
    bad: 'The side-by-side part “{{value}}” {{why}}, so side by side was not opened.',
    count: 'does not name 2 or 3 lanes',
    name: 'names a setting that is none of {{names}}',
    repeat: 'names a lane twice',
  },
};

export const compareBaseKo: typeof compareBaseEn = {
  open: '나란히 보기',
  errors: {
    bad: '나란히 보기 값 “{{value}}”은(는) {{why}} 나란히 보기를 열지 않았습니다.',
    count: '레인 2개 또는 3개가 아니어서',
    name: '{{names}} 중 하나가 아닌 설정이 있어서',
    repeat: '같은 레인이 두 번 있어서',
  },
};

export const whyBaseEn = {
  button: 'Why?',
  buttonEffect: 'Why effect {{n}} (row {{row}})?',
};

export const whyBaseKo: typeof whyBaseEn = {
  button: '왜?',
  buttonEffect: '효과 {{n}}(행 {{row}})은 왜?',
};

/** A run too long for the page, in the alert; the crash screen's and the storage's words are in robust.ts. */
export const robustBaseEn = {
  errors: {
    runTooLong: 'This run had not ended after {{max}} steps, more than the page runs at once (a request timeout of a millisecond over a long horizon does that). Shorten its horizonMs, or run it with npm run sim.',
  },
};

export const robustBaseKo: typeof robustBaseEn = {
  errors: {
    runTooLong: '이 실행은 {{max}}단계가 지나도 끝나지 않아, 페이지가 한 번에 실행할 수 있는 범위를 넘었습니다(긴 horizon에 1밀리초짜리 요청 타임아웃을 주면 이렇게 됩니다). horizonMs를 줄이거나 npm run sim으로 실행하세요.',
  },
};
