/** The live narration's words (a screen reader reads each step of the run as it is shown). */
export const liveEn = {
  step: 'Step {{step}} of {{last}}: {{text}}',
  more_one: 'and {{count}} more event',
  more_other: 'and {{count}} more events',
  nothing: 'nothing happens',
  end: 'the run has ended',
  region: 'What the stage shows, step by step',
};

export const liveKo: typeof liveEn = {
  step: '{{last}}단계 중 {{step}}단계: {{text}}',
  more_one: '그 밖에 사건 {{count}}개',
  more_other: '그 밖에 사건 {{count}}개',
  nothing: '아무 일도 일어나지 않습니다',
  end: '실행이 끝났습니다',
  region: '무대가 보여 주는 것, 단계별로',
};
