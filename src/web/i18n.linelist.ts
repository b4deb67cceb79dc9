// UI text of the contact line list (/tracing/cases/:id/contacts), Vietnamese first, English second, in the
// [vi, en] form of the main catalogue (src/web/i18n.ts) so that it can be spread into it; `LINELIST` holds the
// two derived dictionaries. Until it is merged the page translates with `lineListText`, which also works after.
// Placeholders are written {name}. Error codes of the API keep their messages in src/contracts/errors.ts.
import type { Lang } from '../contracts/errors.ts';

export const LINELIST_CATALOGUE = {
  'linelist.open': ['Nhập danh sách tiếp xúc', 'Enter contacts (line list)'],
  'linelist.title': ['Danh sách tiếp xúc — ca {code}', 'Contact line list — case {code}'],
  'linelist.casePerson': ['Người bệnh (F0): {name}', 'Patient (F0): {name}'],
  'linelist.backToCase': ['Về ca bệnh', 'Back to the case'],
  'linelist.help': [
    'Mỗi dòng một người tiếp xúc. Tab/Shift+Tab: sang ô sau/trước · Enter: xuống dòng dưới (thêm dòng mới ở cuối) · ↑/↓: lên/xuống dòng · Alt+↓: mở danh sách chọn · Ctrl+D: chép ô phía trên · Ctrl+Delete: xoá dòng · Ctrl+Enter: lưu. Có thể dán (Ctrl+V) nhiều dòng từ Excel hoặc tệp CSV, kể cả dòng tiêu đề.',
    'One contact per row. Tab/Shift+Tab: next/previous cell · Enter: row below (a new row at the end) · ↑/↓: row up/down · Alt+↓: open a list · Ctrl+D: copy the cell above · Ctrl+Delete: delete the row · Ctrl+Enter: save. You can paste (Ctrl+V) many rows from Excel or a CSV file, header line included.',
  ],
  'linelist.grid': ['Danh sách người tiếp xúc', 'Contacts'],
  'linelist.col.row': ['Dòng', 'Row'],
  'linelist.col.fullName': ['Họ tên', 'Full name'],
  'linelist.col.birthYear': ['Năm sinh', 'Birth year'],
  'linelist.col.sex': ['Giới tính', 'Sex'],
  'linelist.col.phone': ['Số điện thoại', 'Phone'],
  'linelist.col.idNumber': ['Số CCCD', 'ID number (CCCD)'],
  'linelist.col.communeCode': ['Xã/phường cư trú', 'Commune of residence'],
  'linelist.col.at': ['Thời điểm tiếp xúc', 'Contact time'],
  'linelist.col.setting': ['Bối cảnh', 'Setting'],
  'linelist.col.evidence': ['Mô tả tiếp xúc', 'Contact details'],
  'linelist.col.actions': ['Thao tác', 'Actions'],
  'linelist.cell': ['{col}, dòng {n}', '{col}, row {n}'],
  'linelist.atPlaceholder': ['dd/mm/yyyy hh:mm', 'dd/mm/yyyy hh:mm'],
  'linelist.communePlaceholder': ['Chọn…', 'Pick…'],
  'linelist.setting.household': ['Hộ gia đình', 'Household'],
  'linelist.setting.workplace': ['Nơi làm việc', 'Workplace'],
  'linelist.setting.school': ['Trường học', 'School'],
  'linelist.setting.vehicle': ['Phương tiện giao thông', 'Vehicle'],
  'linelist.setting.venue': ['Địa điểm công cộng', 'Public venue'],
  'linelist.setting.other': ['Khác', 'Other'],
  'linelist.unreadable': ['⚠ {value}', '⚠ {value}'],
  'linelist.addRow': ['Thêm dòng', 'Add row'],
  'linelist.deleteRow': ['Xoá dòng {n}', 'Delete row {n}'],
  'linelist.save': ['Lưu', 'Save'],
  'linelist.saving': ['Đang lưu… {done}/{total}', 'Saving… {done}/{total}'],
  'linelist.rows': ['{n} dòng chưa lưu', '{n} unsaved rows'],
  'linelist.hideSaved': ['Ẩn các dòng đã lưu', 'Hide saved rows'],
  'linelist.result': ['Đã ghi {n} tiếp xúc.', '{n} contacts written.'],
  'linelist.resultTrace': ['Truy vết lại: {classified} người được phân loại F1/F2, {changed} thay đổi.', 'Traced again: {classified} people classified F1/F2, {changed} changed.'],
  'linelist.resultCreated': ['Đã tạo {n} hồ sơ mới.', '{n} new person records created.'],
  'linelist.openCase': ['Xem F1/F2 của ca bệnh', 'See the case’s F1/F2'],
  'linelist.nothingToSave': ['Chưa có dòng nào để lưu.', 'There is nothing to save.'],
  'linelist.fixRows': ['{n} dòng cần sửa trước khi lưu; chưa có gì được ghi.', '{n} rows need fixing before saving; nothing was written.'],
  'linelist.failedPerson': ['Không tạo được hồ sơ của dòng {n}: {error}', 'Could not create the person of row {n}: {error}'],
  'linelist.failedPersonNote': ['Đã dừng trước khi ghi tiếp xúc; các dòng khác giữ nguyên. Sửa dòng {n} rồi lưu lại.', 'Stopped before writing any contact; the other rows are kept. Fix row {n} and save again.'],
  'linelist.failedContacts': ['Không ghi được danh sách tiếp xúc: {error}', 'Could not write the contacts: {error}'],
  'linelist.failedContactsNote': ['Chưa có tiếp xúc nào được ghi; các dòng giữ nguyên để sửa và lưu lại.', 'No contact was written; the rows are kept to fix and save again.'],
  'linelist.createdBefore': ['{n} hồ sơ đã được tạo trước khi dừng; lần lưu sau sẽ dùng lại các hồ sơ này.', '{n} person records were created before stopping; the next save reuses them.'],
  'linelist.pasted': ['Đã dán {n} dòng.', 'Pasted {n} rows.'],
  'linelist.pastedHeader': ['Đã dán {n} dòng (bỏ qua dòng tiêu đề).', 'Pasted {n} rows (header line skipped).'],
  'linelist.deleted': ['Đã xoá dòng {n}.', 'Row {n} deleted.'],
  'linelist.checking': ['Đang tìm hồ sơ đã có…', 'Looking for existing records…'],
  'linelist.candidates': ['Có thể đã có trong sổ đăng ký — chọn hồ sơ đúng hoặc đánh dấu người mới:', 'May already be in the registry — pick the right record or mark as a new person:'],
  'linelist.candidatesGroup': ['Hồ sơ có thể trùng của dòng {n}', 'Possible records for row {n}'],
  'linelist.pickLabel': ['Liên kết dòng {n} với hồ sơ {name} (#{id})', 'Link row {n} to {name} (#{id})'],
  'linelist.markNew': ['Người mới', 'New person'],
  'linelist.markNewLabel': ['Dòng {n} là người mới (tạo hồ sơ mới khi lưu)', 'Row {n} is a new person (a record is created on save)'],
  'linelist.linked': ['Liên kết với hồ sơ đã có:', 'Linked to the existing record:'],
  'linelist.createdLink': ['Đã tạo hồ sơ:', 'Record created:'],
  'linelist.unlink': ['Bỏ liên kết', 'Unlink'],
  'linelist.unlinkLabel': ['Bỏ liên kết dòng {n}', 'Unlink row {n}'],
  'linelist.isNew': ['Người mới — sẽ tạo hồ sơ khi lưu.', 'New person — a record is created on save.'],
  'linelist.change': ['Đổi', 'Change'],
  'linelist.changeLabel': ['Xem lại hồ sơ có thể trùng của dòng {n}', 'Review the possible records of row {n}'],
  'linelist.reason.same_id': ['trùng số giấy tờ', 'same ID number'],
  'linelist.reason.same_name_year': ['trùng họ tên và năm sinh', 'same name and birth year'],
  'linelist.reason.same_name': ['họ tên giống', 'similar name'],
  'linelist.reason.same_phone': ['trùng số điện thoại', 'same phone'],
  'linelist.status.saved': ['Đã lưu', 'Saved'],
  'linelist.status.error': ['Có lỗi', 'Has errors'],
  'linelist.status.linked': ['Hồ sơ đã có', 'Existing record'],
  'linelist.status.created': ['Đã tạo hồ sơ', 'Record created'],
  'linelist.status.new': ['Người mới', 'New person'],
  'linelist.err.time': ['Nhập ngày giờ dạng dd/mm/yyyy hh:mm', 'Enter the date and time as dd/mm/yyyy hh:mm'],
  'linelist.err.timeMissing': ['Thiếu giờ: nhập dd/mm/yyyy hh:mm', 'The time is missing: enter dd/mm/yyyy hh:mm'],
  'linelist.err.future': ['Thời điểm tiếp xúc ở tương lai', 'The contact time is in the future'],
  'linelist.err.setting': ['Chọn bối cảnh trong danh sách', 'Pick a setting from the list'],
  'linelist.err.sex': ['Giới tính là Nam hoặc Nữ', 'Sex is Male or Female'],
  'linelist.err.commune': ['Chọn xã/phường trong danh sách', 'Pick a commune from the list'],
  'linelist.err.idProvince': ['Mã tỉnh đầu số CCCD không tồn tại', 'The province code at the start of the CCCD does not exist'],
  'linelist.err.idBirthYear': ['Số CCCD không khớp năm sinh', 'The CCCD does not match the birth year'],
  'linelist.err.idSex': ['Số CCCD không khớp giới tính', 'The CCCD does not match the sex'],
  'linelist.err.tooLong': ['Quá dài (tối đa 2000 ký tự)', 'Too long (2000 characters at most)'],
  'linelist.err.undecided': ['Chọn hồ sơ đã có hoặc đánh dấu “Người mới”', 'Pick the existing record or mark “New person”'],
  'linelist.err.self': ['Đây là chính người bệnh của ca này', 'This is the case’s own patient'],
  'linelist.dup.same_person': ['Cùng hồ sơ với dòng {row}', 'Same record as row {row}'],
  'linelist.dup.same_id': ['Trùng số giấy tờ với dòng {row}', 'Same ID number as row {row}'],
  'linelist.dup.same_name_year_commune': ['Trùng họ tên, năm sinh và xã/phường với dòng {row}', 'Same name, birth year and commune as row {row}'],
  'linelist.dup.same_name_year': ['Có thể trùng với dòng {row} (cùng họ tên, năm sinh)', 'May duplicate row {row} (same name and birth year)'],
  'linelist.dup.same_phone': ['Cùng số điện thoại với dòng {row}', 'Same phone as row {row}'],
} as const satisfies Record<string, readonly [vi: string, en: string]>;

export type LineListKey = keyof typeof LINELIST_CATALOGUE;
export type LineListDict = Readonly<Record<LineListKey, string>>;

function pick(index: 0 | 1): LineListDict {
  return Object.fromEntries(Object.entries(LINELIST_CATALOGUE).map(([k, v]) => [k, v[index]])) as Record<LineListKey, string>;
}

/** The two dictionaries of the line list. */
export const LINELIST: Readonly<Record<Lang, LineListDict>> = { vi: pick(0), en: pick(1) };

export function isLineListKey(key: string): key is LineListKey {
  return Object.hasOwn(LINELIST_CATALOGUE, key);
}

/** Text of a line-list key in a language, placeholders filled (unknown ones left visible, as in i18n.ts). */
export function lineListText(lang: Lang, key: LineListKey, params?: Readonly<Record<string, string | number>>): string {
  const text = LINELIST[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
