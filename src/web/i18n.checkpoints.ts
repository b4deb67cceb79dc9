// Texts of the checkpoint pages, in the catalogue's format ([vi, en] per key, placeholders {name}). Kept apart so
// that the pages work before the entries are merged into CATALOGUE (src/web/i18n.ts): the pages translate their
// own keys with translateCheckpoints in the UI language. Type imports only (no cycle when i18n.ts imports this).
import type { Lang, Params } from './i18n.ts';

export const CHECKPOINTS_CATALOGUE = {
  'checkpoints.nav': ['Chốt kiểm soát', 'Checkpoints'],
  'checkpoints.title': ['Chốt kiểm soát', 'Checkpoints'],
  'checkpoints.none': ['Chưa có chốt kiểm soát nào trong địa bàn', 'No checkpoint in your area yet'],
  'checkpoints.open': ['Mở chốt {name}', 'Open checkpoint {name}'],
  'checkpoints.new': ['Thêm chốt', 'Add a checkpoint'],
  'checkpoints.name': ['Tên chốt', 'Name'],
  'checkpoints.kind': ['Loại chốt', 'Kind'],
  'checkpoints.commune': ['Mã xã/phường', 'Commune code'],
  'checkpoints.address': ['Địa chỉ', 'Address'],
  'checkpoints.create': ['Tạo chốt', 'Create'],
  'checkpoints.kind.border_gate': ['Cửa khẩu', 'Border gate'],
  'checkpoints.kind.provincial_gate': ['Chốt cửa ngõ tỉnh', 'Provincial gate'],
  'checkpoints.kind.bus_station': ['Bến xe', 'Bus station'],
  'checkpoints.kind.train_station': ['Ga tàu', 'Train station'],
  'checkpoints.kind.port': ['Cảng', 'Port'],
  'checkpoints.kind.other': ['Khác', 'Other'],

  'checkpoint.online': ['Có mạng', 'Online'],
  'checkpoint.offline': ['Mất mạng — vẫn ghi được, sẽ gửi sau', 'Offline — keep recording, entries are sent later'],
  'checkpoint.form': ['Ghi nhận lượt qua chốt', 'Record a crossing'],
  'checkpoint.idNumber': ['Số CCCD/CMND', 'ID card number'],
  'checkpoint.scan': ['Dán/quét mã QR CCCD', 'Paste/scan the CCCD QR'],
  'checkpoint.scanHint': ['Quét mã QR trên CCCD gắn chip bằng máy quét (hoặc dán nội dung) để điền sẵn', 'Scan the QR of a chip ID card (or paste its text) to fill in'],
  'checkpoint.scanBad': ['Không đọc được mã QR CCCD', 'Not a CCCD QR code'],
  'checkpoint.phone': ['Số điện thoại', 'Phone'],
  'checkpoint.fullName': ['Họ tên', 'Full name'],
  'checkpoint.plate': ['Biển số xe', 'Vehicle plate'],
  'checkpoint.origin': ['Đi từ', 'From'],
  'checkpoint.destination': ['Đến', 'To'],
  'checkpoint.temperature': ['Nhiệt độ (°C)', 'Temperature (°C)'],
  'checkpoint.decision': ['Xử lý', 'Decision'],
  'checkpoint.decision.allowed': ['Cho qua', 'Let through'],
  'checkpoint.decision.quarantine': ['Chuyển cách ly', 'Sent to quarantine'],
  'checkpoint.decision.turned_back': ['Cho quay đầu', 'Turned back'],
  'checkpoint.save': ['Lưu (Enter)', 'Save (Enter)'],
  'checkpoint.saved': ['Đã lưu trên máy', 'Saved on this device'],
  'checkpoint.needSomeone': ['Nhập ít nhất CCCD, số điện thoại, họ tên hoặc biển số', 'Enter at least an ID number, a phone, a name or a plate'],
  'checkpoint.badTemperature': ['Nhiệt độ phải từ 30 đến 45 °C', 'The temperature must be between 30 and 45 °C'],
  'checkpoint.today': ['Lượt qua chốt hôm nay', "Today's entries"],
  'checkpoint.noEntries': ['Chưa có lượt nào hôm nay', 'No entry today yet'],
  'checkpoint.status.pending': ['Chờ gửi', 'Pending'],
  'checkpoint.status.sent': ['Đã gửi', 'Sent'],
  'checkpoint.status.rejected': ['Bị từ chối', 'Refused'],
  'checkpoint.pendingCount': ['{n} lượt chờ gửi', '{n} pending'],
  'checkpoint.syncNow': ['Gửi ngay', 'Send now'],
  'checkpoint.time': ['Giờ', 'Time'],
  'checkpoint.who': ['Người / phương tiện', 'Person / vehicle'],
  'checkpoint.route': ['Hành trình', 'Route'],
  'checkpoint.status': ['Trạng thái', 'Status'],
  'checkpoint.notFound': ['Không mở được chốt (chưa từng mở khi có mạng?)', 'Cannot open the checkpoint (never opened while online?)'],
} as const satisfies Record<string, readonly [vi: string, en: string]>;

export type CheckpointsKey = keyof typeof CHECKPOINTS_CATALOGUE;
export type CheckpointsT = (key: CheckpointsKey, params?: Params) => string;

export function translateCheckpoints(lang: Lang, key: CheckpointsKey, params?: Params): string {
  const text = CHECKPOINTS_CATALOGUE[key][lang === 'vi' ? 0 : 1] as string;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
