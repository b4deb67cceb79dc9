// Screening rules of intake (declarations, checkpoints, check-ins), as data with validity dates. Each action
// becomes a work item for the commune of residence: `days` counted from the end of the exposure
// ('exposure_end') or from the report; `daysFromRule` takes the days of another rule in force that day;
// `withinDays` is the time allowed for a test or an interview.
import type { RuleSeed } from './rules.ts';

export const INTAKE_RULES: RuleSeed[] = [
  {
    key: 'screening.epidemic_area', version: '2020',
    value: { minRiskLevel: 1, lookbackDays: null, actions: [{ kind: 'quarantine_home', days: 14, from: 'exposure_end' }, { kind: 'test', withinDays: 2 }] },
    validFrom: '2020-01-01', validTo: '2021-10-11',
    legalRef: 'Công văn 1883/UBND-VX ngày 03/8/2020 của UBND tỉnh Cao Bằng (thực hiện TB 272/TB-VPCP): cách ly y tế người đi và trở về từ Đà Nẵng và các địa phương có dịch; xét nghiệm người có nguy cơ',
    note: 'Mọi chặng đi lại trùng thời gian với một vùng dịch đã công bố (mọi cấp độ). 14 ngày tự cách ly tại nhà kể từ ngày rời vùng dịch: cần đối chiếu hướng dẫn của Bộ Y tế',
  },
  {
    key: 'screening.epidemic_area', version: '2021-10-11',
    value: { minRiskLevel: 3, lookbackDays: 14, actions: [{ kind: 'quarantine_home', days: 7, from: 'exposure_end' }, { kind: 'test', withinDays: 2 }] },
    validFrom: '2021-10-11', validTo: null,
    legalRef: 'Nghị quyết 128/NQ-CP ngày 11/10/2021 (cấp độ dịch); QĐ 4800/QĐ-BYT ngày 12/10/2021',
    note: 'Từ cấp 3 (cam) trở lên, trong 14 ngày trước khi khai báo. Ngưỡng và số ngày do tỉnh chọn: cần đối chiếu văn bản của tỉnh',
  },
  {
    key: 'screening.symptoms', version: '2020',
    value: { symptoms: ['fever', 'cough', 'breathing_difficulty'], minCount: 1, actions: [{ kind: 'test', withinDays: 1 }, { kind: 'self_monitoring', days: 14, from: 'reported' }] },
    validFrom: '2020-01-01', validTo: null,
    legalRef: 'Hướng dẫn giám sát và phòng, chống COVID-19 của Bộ Y tế (QĐ 3468/QĐ-BYT ngày 07/8/2020): người có sốt, ho, khó thở',
    note: 'Có một trong các triệu chứng sốt, ho, khó thở: xét nghiệm ngay, tự theo dõi sức khỏe. Cần đối chiếu định nghĩa ca bệnh nghi ngờ',
  },
  {
    key: 'screening.case_contact', version: '2020',
    value: { exposures: ['confirmed_case', 'suspected_case'], actions: [{ kind: 'interview', withinDays: 1 }, { kind: 'test', withinDays: 2 }] },
    validFrom: '2020-01-01', validTo: null,
    legalRef: 'QĐ 3468/QĐ-BYT ngày 07/8/2020; Sổ tay truy vết (QĐ 5053/QĐ-BYT ngày 03/12/2020): xác minh người tiếp xúc với ca bệnh, ca nghi ngờ',
    note: 'Khai có tiếp xúc với ca bệnh hoặc ca nghi ngờ: cán bộ truy vết xác minh (F1?), lấy mẫu xét nghiệm',
  },
  {
    key: 'screening.illegal_entry', version: '2020',
    value: { actions: [{ kind: 'quarantine_concentrated', daysFromRule: 'quarantine.entrant', from: 'reported' }, { kind: 'test', withinDays: 1 }] },
    validFrom: '2020-01-01', validTo: null,
    legalRef: 'TB 272/TB-VPCP ngày 03/8/2020 (CV 1883/UBND-VX, mục 4 và 7); TB 22/TB-VPCP ngày 30/01/2021: coi người nhập cảnh trái phép như người nghi nhiễm để cách ly y tế',
    note: 'Nhập cảnh không qua cửa khẩu (đường mòn, lối mở): cách ly tập trung theo quy định với người nhập cảnh, xét nghiệm',
  },
];
