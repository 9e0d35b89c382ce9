/** 실행 내보내기의 한국어 텍스트 (exports.ts가 영어와 구조를 가진다). */
import type { ExportResources } from './exports';

export const exportsKo: ExportResources = {
  heading: '이 실행 내보내기',
  what: '지금 보이는 실행을 (바꾼 설정과 장애까지) 파일로 내보냅니다. 보관하고, 보여 주고, 테스트하세요.',
  items: {
    scenario: { button: '시나리오 파일', hint: '랩(가져오기)과 npm run sim에서 다시 실행됩니다' },
    trace: { button: '트레이스 (JSON)', hint: '명령줄이 출력하는 것과 같은 모든 단계, 원장, 트레이스 해시' },
    svg: { button: '다이어그램 (SVG)', hint: '실행 전체의 시퀀스 다이어그램, 벡터 그림으로' },
    png: { button: '다이어그램 (PNG)', hint: '같은 다이어그램을 이미지로 (슬라이드, 메신저용)' },
    playwright: { button: 'Playwright 테스트', hint: '이 실행을 열고 결과를 확인하는 .spec.ts' },
  },
  status: {
    downloaded: '{{name}} 파일을 내려받았습니다',
    diagram: '{{name}} 파일을 내려받았습니다 (단계 {{from}}~{{to}}{{range}})',
    whole: ', 실행 전체',
    window: ' / 전체 {{last}}: 이렇게 긴 실행은 지금 보이는 단계 주변을 {{max}}단계씩 그립니다',
    working: '{{what}} 만드는 중…',
    failed: '{{what}}을(를) 만들지 못했습니다: {{message}}',
  },
  diagram: {
    subtitle: '시드 {{seed}} · {{steps}} · 트레이스 해시 {{hash}}',
    whole: '단계 {{from}}~{{to}}, 실행 전체',
    window: '단계 {{from}}~{{to}} / 전체 0~{{last}}, 단계 {{cursor}} 주변',
    legend: {
      produce: '프로듀스',
      fetch: '페치',
      offsets: '오프셋',
      group: '그룹',
      sink: '데이터베이스',
      txn: '트랜잭션',
      replica: '복제',
      metadata: '메타데이터',
    },
    marks: '점: 효과 기록(초록), 중복이라 건너뜀(주황), 장애(빨강), 재시작(고리)',
    lost: '유실',
  },
};
