// A công văn drafted in the app, used by the tests of the DOCX writer, the drafting service and the web form.
import type { DraftContent } from '../../../contracts/directives.documents.ts';

export const SAMPLE_DRAFT: DraftContent = {
  issuerCode: 'UBND_TINH',
  issuerName: 'Ủy ban nhân dân tỉnh Cao Bằng',
  parentName: null,
  docType: 'Công văn',
  symbolSuffix: 'UBND-VX',
  place: 'Cao Bằng',
  date: null,
  subject: 'V/v tăng cường xét nghiệm và truy vết các trường hợp F1',
  references: [{ number: '272/TB-VPCP', date: '2020-08-03', issuer: 'Văn phòng Chính phủ' }],
  recipients: ['Các Sở, ban, ngành tỉnh', 'Ủy ban nhân dân các huyện, thành phố'],
  intro: 'Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ tại Thông báo số 272/TB-VPCP ngày 03/8/2020 của Văn phòng Chính phủ, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:',
  items: [
    { text: 'tổ chức xét nghiệm cho toàn bộ các trường hợp F1 trên địa bàn', lead: [{ name: 'Sở Y tế', code: 'SYT' }], support: [{ name: 'Công an tỉnh' }], deadline: '2020-08-15', figureKey: 'testing.samples' },
    { text: 'Sở Thông tin và Truyền thông đẩy mạnh cài đặt ứng dụng Bluezone', lead: [{ name: 'Sở Thông tin và Truyền thông' }], support: [], deadline: null },
    { text: 'rà soát, chuẩn bị địa điểm cách ly tập trung', lead: [{ name: 'Bộ Chỉ huy Quân sự tỉnh' }], support: [{ name: 'UBND các huyện, thành phố' }], deadline: '2020-08-20' },
  ],
  closing: 'Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.',
  signer: { authority: 'KT. Chủ tịch', title: 'Phó Chủ tịch', name: 'Lê Hải Hòa' },
  copyTo: ['Văn phòng Chính phủ (b/c)', 'Thường trực Tỉnh ủy (b/c)'],
  filing: 'VT, VX',
};
