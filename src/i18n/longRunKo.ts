import type { longRunEn } from './longRun';

export const longRunKo: typeof longRunEn = {
  heading: '긴 실행',
  intro: '이 시나리오를 페이지가 통째로 보관하는 것(최대 {{max}}개)보다 훨씬 많은 메시지로 실행합니다. 프레임 사이사이에 계산하고, 무대에는 마지막 {{window}}단계를 보관하며, 모든 메시지를 셉니다.',
  messages: '메시지 수',
  start: '길게 실행',
  listed: '이 시나리오는 메시지를 하나하나 나열하므로 다른 개수로 실행할 수 없습니다.',
  running: '긴 실행을 계산하는 중: 메시지 {{messages}}개 중 {{sent}}개 전송, 효과 {{effects}}개, {{steps}}단계.',
  cancel: '취소',
  progress: '전송한 메시지',
  kept: '긴 실행: 메시지 {{messages}}개, {{steps}}단계, {{seconds}}초에 계산했습니다. 무대에는 마지막 {{kept}}단계(실행의 {{from}}–{{to}}단계, 무대에서는 0–{{last}}단계)를 보관하고, 결과 집계는 메시지 {{messages}}개 전부를 셉니다.',
  dropped: '실행하면서 버린 것: 앞선 단계와 그 상태, 보관한 단계에 나오지 않는 메시지의 원장 행(보이는 행의 상태는 실행 전체의 상태이고, 내용은 보관한 단계 안에서 일어난 일뿐입니다). 이 무대에서는 장애를 추가할 수 없습니다.',
  hash: '{{steps}}단계 전체의 트레이스 해시: {{hash}}',
  counts: {
    effects: '효과',
    lost: '유실',
    duplicated: '중복',
    logDuplicates: '로그 중복',
    outOfOrder: '순서 어긋남',
    superseded: '대체됨',
    deadLettered: 'DLT 보관',
    maxLag: '최대 지연(lag)',
  },
  countsCaption: '실행 전체',
};
