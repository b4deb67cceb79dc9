// Stable error codes of the API and their messages in Vietnamese (first) and English.
// The server answers { error: { code, message, details, requestId } }; the web app can show the message
// in the user's language from the code alone.
import { DIRECTIVES_ERRORS } from './errors.directives.ts';
import { INTAKE_ERRORS } from './errors.intake.ts';

export const ERROR_MESSAGES = {
  'request.invalid': { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The request is invalid' },
  'request.malformed_json': { vi: 'Nội dung JSON bị lỗi cú pháp', en: 'The JSON body is malformed' },
  'request.too_large': { vi: 'Nội dung gửi lên quá lớn (tối đa 1 MB)', en: 'The request body is too large (1 MB at most)' },
  'request.unsupported_media_type': { vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported content type' },
  'request.not_found': { vi: 'Không tìm thấy đường dẫn', en: 'No such route' },
  'request.conflict': { vi: 'Dữ liệu xung đột với dữ liệu đã có; không có gì được ghi', en: 'Conflicts with existing data; nothing was written' },
  'request.rate_limited': { vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau', en: 'Too many requests, try again later' },
  'auth.unauthenticated': { vi: 'Bạn cần đăng nhập', en: 'You need to log in' },
  'auth.forbidden': { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' },
  'auth.outside_area': { vi: 'Hồ sơ này nằm ngoài địa bàn bạn phụ trách', en: 'This record is outside your area' },
  'auth.invalid_credentials': { vi: 'Tên đăng nhập hoặc mật khẩu không đúng', en: 'Wrong username or password' },
  'auth.locked': { vi: 'Tài khoản tạm khoá do đăng nhập sai nhiều lần', en: 'Account temporarily locked after repeated failures' },
  'auth.totp_required': { vi: 'Cần mã xác thực hai lớp', en: 'A two-factor code is required' },
  'auth.totp_invalid': { vi: 'Mã xác thực hai lớp không đúng', en: 'The two-factor code is wrong' },
  'auth.totp_setup_required': { vi: 'Cần thiết lập xác thực hai lớp trước khi tiếp tục', en: 'Set up two-factor login first' },
  'auth.csrf': { vi: 'Yêu cầu không đến từ ứng dụng', en: 'The request did not come from the application' },
  'user.exists': { vi: 'Tên đăng nhập đã tồn tại', en: 'The username is taken' },
  'user.not_found': { vi: 'Không tìm thấy người dùng', en: 'No such user' },
  'user.weak_password': { vi: 'Mật khẩu cần ít nhất 10 ký tự', en: 'The password needs at least 10 characters' },
  'person.not_found': { vi: 'Không tìm thấy hồ sơ', en: 'No such person' },
  'person.invalid_name': { vi: 'Họ tên chỉ gồm chữ cái, dấu cách và các ký tự . \' -', en: 'A name holds only letters, spaces and . \' -' },
  'person.invalid_id_number': { vi: 'Số giấy tờ tuỳ thân không hợp lệ', en: 'The identity number is invalid' },
  'person.invalid_phone': { vi: 'Số điện thoại không hợp lệ', en: 'The phone number is invalid' },
  'person.invalid_birth': { vi: 'Ngày/năm sinh không hợp lệ', en: 'The birth date or year is invalid' },
  'person.unknown_commune': { vi: 'Mã xã/phường không tồn tại', en: 'Unknown commune code' },
  'person.duplicate_id': { vi: 'Đã có hồ sơ với số giấy tờ này', en: 'A person with this identity number exists' },
  'person.possible_duplicate': { vi: 'Có thể trùng với hồ sơ đã có', en: 'This may duplicate an existing person' },
  'person.version_conflict': { vi: 'Hồ sơ đã được người khác sửa, hãy tải lại', en: 'Someone else changed this record; reload it' },
  'person.merged': { vi: 'Hồ sơ đã được gộp vào hồ sơ khác', en: 'This record was merged into another' },
  'person.merge_invalid': { vi: 'Không thể gộp hai hồ sơ này', en: 'These records cannot be merged' },
  'tracing.case_code_taken': { vi: 'Mã bệnh nhân đã được dùng (mã không bao giờ dùng lại)', en: 'This case code is taken (codes are never reused)' },
  'tracing.case_exists': { vi: 'Người này đã là ca bệnh đang theo dõi', en: 'This person already has an active case' },
  'tracing.case_not_found': { vi: 'Không tìm thấy ca bệnh', en: 'No such case' },
  'tracing.person_not_found': { vi: 'Không tìm thấy người trong sổ đăng ký', en: 'No such person in the registry' },
  'tracing.venue_not_found': { vi: 'Không tìm thấy địa điểm', en: 'No such venue' },
  'tracing.classification_not_found': { vi: 'Người này hiện không có phân loại F1/F2', en: 'This person has no current F1/F2 classification' },
  'tracing.review_not_found': { vi: 'Không tìm thấy lượt có mặt chờ xem xét', en: 'No such review' },
  'tracing.review_decided': { vi: 'Lượt có mặt này đã được xem xét', en: 'This review has already been decided' },
  'tracing.household_not_found': { vi: 'Không tìm thấy hộ gia đình', en: 'No such household' },
  'tracing.household_member_taken': { vi: 'Người này đã thuộc một hộ gia đình khác', en: 'This person already belongs to another household' },
  'tracing.household_member_not_found': { vi: 'Người này không thuộc hộ gia đình', en: 'This person is not a member of the household' },
  'work.not_found': { vi: 'Không tìm thấy việc cần làm', en: 'No such work item' },
  'work.closed': { vi: 'Việc này đã hoàn thành hoặc đã hủy', en: 'This work item is already done or cancelled' },
  'reference.import_invalid': { vi: 'Tệp danh mục không hợp lệ', en: 'The unit list file is invalid' },
  'reference.rule_not_found': { vi: 'Không có quy định đang có hiệu lực', en: 'No rule in force' },
  'retention.invalid': { vi: 'Thiết lập lưu giữ không hợp lệ', en: 'Invalid retention setting' },
  'server.unavailable': { vi: 'Hệ thống tạm thời không sẵn sàng', en: 'The service is temporarily unavailable' },
  'server.internal': { vi: 'Lỗi hệ thống; đã ghi nhận mã yêu cầu', en: 'Internal error; the request id was logged' },
  ...INTAKE_ERRORS,
  ...DIRECTIVES_ERRORS,
} as const satisfies Record<string, { vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export type Lang = 'vi' | 'en';

export function errorMessage(code: string, lang: Lang): string {
  const m = (ERROR_MESSAGES as Record<string, { vi: string; en: string }>)[code];
  return m ? m[lang] : code;
}
