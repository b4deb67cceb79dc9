// The real history of the rules (DOMAIN.md §2.2). Each row is in force on [validFrom, validTo).
import { INTAKE_RULES } from './rules.intake.ts';
export type RuleSeed = { key: string; version: string; value: unknown; validFrom: string; validTo: string | null; legalRef: string; note?: string };

export const POLICY_RULES: RuleSeed[] = [
  { key: 'quarantine.f1', version: '2020', value: { mode: 'concentrated', days: 14, testDays: [1, 14] }, validFrom: '2020-01-01', validTo: '2021-05-05',
    legalRef: 'Hướng dẫn giám sát COVID-19 của Bộ Y tế (QĐ 3468/QĐ-BYT ngày 07/8/2020)', note: 'F1: cách ly tập trung 14 ngày' },
  { key: 'quarantine.f1', version: '2021-05-05', value: { mode: 'concentrated', days: 21, testDays: [1, 14, 20], homeMonitoringAfterDays: 7 }, validFrom: '2021-05-05', validTo: '2021-07-14',
    legalRef: 'Công điện 600/CĐ-BCĐ ngày 05/5/2021', note: 'Cách ly tập trung ít nhất 21 ngày; theo dõi tại nhà 7 ngày sau đó' },
  { key: 'quarantine.f1', version: '2021-07-14', value: { mode: 'concentrated', days: 14, testDays: [1, 7, 14], homePilot: true }, validFrom: '2021-07-14', validTo: '2022-02-21',
    legalRef: 'Công văn 5599/BYT-MT ngày 14/7/2021', note: '21 → 14 ngày; thí điểm cách ly F1 tại nhà' },
  { key: 'quarantine.f1', version: '2022-02-21', value: { mode: 'home', days: 7, vaccinatedDays: 5 }, validFrom: '2022-02-21', validTo: '2022-04-15',
    legalRef: 'Công văn 762/BYT-DP ngày 21/02/2022', note: 'Số ngày cần đối chiếu văn bản gốc / verify against the official text' },
  { key: 'quarantine.f1', version: '2022-04-15', value: { mode: 'self_monitoring', days: 0 }, validFrom: '2022-04-15', validTo: null,
    legalRef: 'Công văn 1909/BYT-DP ngày 15/4/2022', note: 'F1 không phải cách ly; tự theo dõi, thực hiện 5K' },
  { key: 'quarantine.f2', version: '2020', value: { mode: 'home', days: 14 }, validFrom: '2020-01-01', validTo: '2022-04-15',
    legalRef: 'Hướng dẫn giám sát COVID-19 của Bộ Y tế (2020)', note: 'F2: cách ly tại nhà, tự theo dõi sức khỏe' },
  { key: 'quarantine.f2', version: '2022-04-15', value: { mode: 'self_monitoring', days: 0 }, validFrom: '2022-04-15', validTo: null,
    legalRef: 'Công văn 1909/BYT-DP ngày 15/4/2022' },
  { key: 'quarantine.entrant', version: '2020', value: { mode: 'concentrated', days: 14 }, validFrom: '2020-01-01', validTo: '2021-05-05',
    legalRef: 'Quy định cách ly người nhập cảnh năm 2020' },
  { key: 'quarantine.entrant', version: '2021-05-05', value: { mode: 'concentrated', days: 21 }, validFrom: '2021-05-05', validTo: '2021-07-14',
    legalRef: 'Công điện 600/CĐ-BCĐ ngày 05/5/2021' },
  { key: 'quarantine.entrant', version: '2021-07-14', value: { mode: 'concentrated', days: 14 }, validFrom: '2021-07-14', validTo: null,
    legalRef: 'Công văn 5599/BYT-MT ngày 14/7/2021' },
  { key: 'tracing.f2_window', version: '2021-07-30', value: { from: 'f1_exposure', to: 'f1_isolation', distanceMeters: 2 }, validFrom: '2021-07-30', validTo: null,
    legalRef: 'QĐ 3638/QĐ-BYT ngày 30/7/2021', note: 'F2: tiếp xúc gần F1 từ khi F1 có thể bị lây đến khi F1 được cách ly' },
  { key: 'tracing.venue_overlap_minutes', version: '2021-09-30', value: { minutes: 60 }, validFrom: '2021-09-30', validTo: null,
    legalRef: 'PC-Covid: cảnh báo người quét mã trong vòng ±1 giờ với F0 tại cùng địa điểm', note: 'Khoảng chồng lấn khi cùng có mặt tại địa điểm' },
  ...INTAKE_RULES,
];
