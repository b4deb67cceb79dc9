// UI text catalogue: every visible string of the web app, Vietnamese first, English second.
// Each entry is [vi, en] on one line so the two languages are reviewed side by side; `vi` and `en`
// are derived dictionaries. Placeholders are written {name}. Error codes of the API keep their
// messages in src/contracts/errors.ts and are shown through `messageFor(code, lang)`.
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { errorMessage, type Lang } from '../contracts/errors.ts';
import { formatDate, formatDateTime, formatNumber } from './lib/format.ts';
import { CHAINS_CATALOGUE } from './i18n.chains.ts';
import { INTAKE_CATALOGUE } from './i18n.intake.ts';
import { LINELIST_CATALOGUE } from './i18n.linelist.ts';
import { DIRECTIVES_CATALOGUE } from './i18n.directives.ts';
import { CHECKPOINTS_CATALOGUE } from './i18n.checkpoints.ts';

export type { Lang };


const CATALOGUE = {
  'app.name': ['Phòng Dịch', 'Phòng Dịch'],
  'app.tagline': ['Hệ thống chỉ huy phòng, chống dịch', 'Epidemic response command system'],
  'lang.label': ['Ngôn ngữ', 'Language'],
  'lang.vi': ['Tiếng Việt', 'Vietnamese'],
  'lang.en': ['Tiếng Anh', 'English'],

  'common.loading': ['Đang tải…', 'Loading…'],
  'common.save': ['Lưu', 'Save'],
  'common.saving': ['Đang lưu…', 'Saving…'],
  'common.saved': ['Đã lưu', 'Saved'],
  'common.cancel': ['Huỷ', 'Cancel'],
  'common.confirm': ['Xác nhận', 'Confirm'],
  'common.close': ['Đóng', 'Close'],
  'common.back': ['Quay lại', 'Back'],
  'common.retry': ['Thử lại', 'Try again'],
  'common.all': ['Tất cả', 'All'],
  'common.none': ['—', '—'],
  'common.open': ['Mở', 'Open'],
  'common.clearFilters': ['Xoá bộ lọc', 'Clear filters'],
  'common.requestId': ['Mã yêu cầu: {id}', 'Request id: {id}'],
  'client.network': ['Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', 'Cannot reach the server. Check the network and try again.'],
  'common.unexpected': ['Có lỗi không mong muốn', 'Unexpected error'],
  'common.notFoundTitle': ['Không tìm thấy trang', 'Page not found'],
  'common.notFoundText': ['Đường dẫn này không tồn tại trong ứng dụng.', 'This address does not exist in the application.'],
  'common.home': ['Về trang tổng quan', 'Go to the overview'],
  'common.recordNo': ['Hồ sơ #{id}', 'Record #{id}'],
  'common.required': ['Bắt buộc nhập', 'Required'],

  'pagination.label': ['Phân trang', 'Pagination'],
  'pagination.page': ['Trang {page}', 'Page {page}'],
  'pagination.first': ['Trang đầu', 'First page'],
  'pagination.previous': ['Trang trước', 'Previous page'],
  'pagination.next': ['Trang sau', 'Next page'],
  'pagination.last': ['Trang cuối', 'Last page'],

  'nav.main': ['Các phân hệ', 'Modules'],
  'nav.toggle': ['Mở/đóng danh mục phân hệ', 'Show or hide the modules menu'],
  'nav.dashboard': ['Tổng quan', 'Overview'],
  'nav.people': ['Người dân', 'People'],
  'nav.tracing': ['Truy vết', 'Contact tracing'],
  'nav.testing': ['Xét nghiệm & Cách ly', 'Testing & Quarantine'],
  'nav.directives': ['Chỉ đạo & Nhiệm vụ', 'Directives & Tasks'],
  'nav.intake': ['Tiếp nhận thông tin', 'Reports intake'],
  'nav.admin': ['Quản trị', 'Administration'],
  'nav.audit': ['Nhật ký truy cập', 'Access log'],
  'nav.users': ['Người dùng', 'Users'],
  'nav.retention': ['Lưu giữ dữ liệu', 'Data retention'],
  'nav.soon': ['Sắp có', 'Coming soon'],

  'user.menu': ['Tài khoản: {name}', 'Account: {name}'],
  'user.security': ['Bảo mật', 'Security'],
  'user.logout': ['Đăng xuất', 'Log out'],

  'login.title': ['Đăng nhập', 'Log in'],
  'login.username': ['Tên đăng nhập', 'Username'],
  'login.password': ['Mật khẩu', 'Password'],
  'login.submit': ['Đăng nhập', 'Log in'],
  'login.totpTitle': ['Xác thực hai lớp', 'Two-factor verification'],
  'login.totpHint': ['Nhập mã 6 chữ số trong ứng dụng xác thực trên điện thoại của bạn.', 'Enter the 6-digit code from the authenticator app on your phone.'],
  'login.totpCode': ['Mã xác thực', 'Verification code'],
  'login.verify': ['Xác nhận', 'Verify'],
  'login.setupTitle': ['Thiết lập xác thực hai lớp', 'Set up two-factor login'],
  'login.setupHint': ['Tài khoản của bạn bắt buộc dùng xác thực hai lớp. Hãy thiết lập trước khi tiếp tục.', 'Your account must use two-factor login. Set it up before you continue.'],
  'login.startOver': ['Đăng nhập lại từ đầu', 'Start over'],
  'login.codeFormat': ['Mã gồm đúng 6 chữ số', 'The code has exactly 6 digits'],

  'totp.scan': ['Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), rồi nhập mã 6 chữ số mà ứng dụng hiển thị.', 'Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator…), then enter the 6-digit code it shows.'],
  'totp.qr': ['Mã QR để thêm tài khoản vào ứng dụng xác thực', 'QR code to add the account to an authenticator app'],
  'totp.secret': ['Khoá bí mật (nhập tay nếu không quét được mã QR)', 'Secret key (type it in if you cannot scan the QR code)'],
  'totp.enable': ['Bật xác thực hai lớp', 'Turn on two-factor login'],
  'totp.start': ['Bắt đầu thiết lập', 'Start setup'],
  'totp.currentCode': ['Mã hiện tại trong ứng dụng xác thực', 'Current code from your authenticator app'],

  'security.title': ['Bảo mật tài khoản', 'Account security'],
  'security.account': ['Tài khoản', 'Account'],
  'security.role': ['Vai trò', 'Role'],
  'security.area': ['Địa bàn', 'Area'],
  'security.totpOn': ['Xác thực hai lớp: đang bật', 'Two-factor login: on'],
  'security.totpOff': ['Xác thực hai lớp: chưa bật', 'Two-factor login: off'],
  'security.setupAgain': ['Thiết lập lại cho thiết bị mới', 'Set up again for a new device'],
  'security.enabled': ['Đã bật xác thực hai lớp.', 'Two-factor login is now on.'],
  'area.province': ['Toàn tỉnh', 'Whole province'],
  'area.communes': ['{n} xã/phường', '{n} communes'],

  'dashboard.title': ['Tổng quan', 'Overview'],
  'dashboard.welcome': ['Xin chào, {name}', 'Hello, {name}'],
  'dashboard.system': ['Hệ thống', 'System'],
  'dashboard.statusOk': ['Đang hoạt động bình thường', 'Running normally'],
  'dashboard.database': ['Cơ sở dữ liệu', 'Database'],
  'dashboard.dbEmbedded': ['nhúng', 'embedded'],
  'dashboard.dbExternal': ['máy chủ riêng', 'external server'],
  'dashboard.version': ['Phiên bản', 'Version'],
  'dashboard.people': ['Tổng số hồ sơ', 'Person records'],
  'dashboard.communes': ['Xã/phường', 'Communes'],
  'dashboard.agencies': ['Cơ quan, đơn vị', 'Agencies'],
  'dashboard.rules': ['Quy định đã nạp', 'Policy rules loaded'],
  'dashboard.note': ['Bảng số liệu dịch tễ sẽ có khi các phân hệ truy vết, xét nghiệm được xây dựng.', 'Epidemiological dashboards will come with the tracing and testing modules.'],

  'soon.title': ['Sắp có', 'Coming soon'],
  'soon.text': ['Phân hệ này chưa được xây dựng nên chưa thể nhập hay xem dữ liệu ở đây.', 'This module has not been built yet, so no data can be entered or viewed here.'],
  'soon.plan': ['Dự kiến:', 'Planned:'],
  'soon.testing': ['lấy mẫu, kết quả xét nghiệm, theo dõi cách ly tại nhà và tập trung.', 'samples, test results, home and facility quarantine follow-up.'],
  'soon.directives': ['văn bản chỉ đạo, giao và theo dõi nhiệm vụ giữa các cơ quan.', 'directives, assigning and tracking tasks between agencies.'],
  'soon.intake': ['tiếp nhận phản ánh, khai báo của người dân và đường dây nóng.', 'reports and declarations from citizens and the hotline.'],

  'tracing.title': ['Truy vết', 'Contact tracing'],
  'tracing.cases': ['Ca bệnh', 'Cases'],
  'tracing.add': ['Ghi nhận ca bệnh', 'Record a case'],
  'tracing.code': ['Mã BN', 'Case code'],
  'tracing.fullName': ['Họ tên', 'Name'],
  'tracing.confirmedAt': ['Ngày xác nhận', 'Confirmed on'],
  'tracing.f1': ['F1', 'F1'],
  'tracing.f2': ['F2', 'F2'],
  'tracing.status': ['Trạng thái', 'Status'],
  'tracing.noCases': ['Chưa có ca bệnh nào', 'No cases yet'],
  'tracing.total': ['{n} ca bệnh', '{n} cases'],
  'caseStatus.treatment': ['Đang điều trị', 'In treatment'],
  'caseStatus.recovered': ['Đã khỏi bệnh', 'Recovered'],
  'caseStatus.died': ['Tử vong', 'Died'],
  'caseStatus.withdrawn': ['Đã huỷ', 'Withdrawn'],
  'tracing.reviews': ['Địa điểm đông người chờ xem xét', 'Crowded stays awaiting review'],
  'tracing.reviewsHint': ['Quá rộng — cần xem xét: quá nhiều người có mặt cùng lúc nên hệ thống không tự phân loại F1.', 'Too broad — needs review: too many people were there at once, so nobody was classified F1 automatically.'],
  'tracing.noReviews': ['Không có địa điểm nào chờ xem xét', 'Nothing awaits review'],
  'tracing.venue': ['Địa điểm', 'Venue'],
  'tracing.window': ['Khoảng thời gian', 'Time window'],
  'tracing.candidates': ['Số người', 'People'],

  'tracing.form.title': ['Ghi nhận ca bệnh', 'Record a case'],
  'tracing.form.person': ['Người bệnh', 'Patient'],
  'tracing.form.personHint': ['Gõ họ tên, số CCCD/CMND hoặc số điện thoại rồi chọn người trong sổ đăng ký', 'Type a name, ID number or phone, then pick the person from the registry'],
  'tracing.form.personPlaceholder': ['Tìm người…', 'Find a person…'],
  'tracing.form.typeMore': ['Gõ ít nhất 2 ký tự', 'Type at least 2 characters'],
  'tracing.form.code': ['Mã bệnh nhân', 'Case code'],
  'tracing.form.codeHint': ['Ví dụ BN1234', 'For example BN1234'],
  'tracing.form.confirmedAt': ['Thời điểm xác nhận', 'Confirmed at'],
  'tracing.form.onsetDate': ['Ngày khởi phát', 'Onset date'],
  'tracing.form.sampledAt': ['Thời điểm lấy mẫu', 'Sampled at'],
  'tracing.form.treatmentPlace': ['Nơi điều trị', 'Treatment place'],
  'tracing.form.save': ['Ghi nhận', 'Record'],
  'tracing.form.pickPerson': ['Chọn một người trong danh sách tìm được', 'Pick a person from the search results'],
  'tracing.form.codeInvalid': ['Mã gồm 1–4 chữ cái rồi đến chữ số, ví dụ BN1234', 'Letters (1–4) then digits, e.g. BN1234'],
  'tracing.form.timeInvalid': ['Ngày giờ không hợp lệ', 'Not a valid date and time'],
  'tracing.form.dateInvalid': ['Ngày không hợp lệ', 'Not a valid date'],
  'tracing.form.tooLong': ['Quá dài', 'Too long'],

  'tracing.case.title': ['Ca bệnh {code}', 'Case {code}'],
  'tracing.case.person': ['Người bệnh', 'Patient'],
  'tracing.case.infectious': ['Thời kỳ lây nhiễm', 'Infectious period'],
  'tracing.case.onsetDate': ['Ngày khởi phát', 'Onset date'],
  'tracing.case.sampledAt': ['Lấy mẫu', 'Sampled at'],
  'tracing.case.treatmentPlace': ['Nơi điều trị', 'Treatment place'],
  'tracing.case.counts': ['Số F1 / F2', 'F1 / F2 count'],
  'tracing.case.contacts': ['Người tiếp xúc (F1, F2)', 'Contacts (F1, F2)'],
  'tracing.case.noContacts': ['Không có F1, F2 nào được hiển thị', 'No F1 or F2 to show'],
  'tracing.case.hidden': ['{n} người ngoài địa bàn của bạn không hiển thị', '{n} people outside your area are not shown'],
  'tracing.case.level': ['Phân loại', 'Level'],
  'tracing.case.exposedAt': ['Thời điểm tiếp xúc', 'Exposed at'],
  'tracing.case.reason': ['Lý do', 'Reason'],
  'tracing.case.chain': ['Chuỗi lây', 'Chain'],
  'tracing.why.household': ['Cùng hộ gia đình với {via}', 'Same household as {via}'],
  'tracing.why.contact': ['Tiếp xúc với {via} lúc {time}', 'In contact with {via} at {time}'],
  'tracing.why.venue': ['Có mặt tại địa điểm #{venue} {target}, trùng với {via} {source}', 'At venue #{venue} {target}, overlapping {via} {source}'],
  'tracing.reject': ['Không phải tiếp xúc', 'Not a contact'],
  'tracing.reject.title': ['Xác nhận không phải tiếp xúc', 'Confirm: not a contact'],
  'tracing.reject.text': ['{target} không phải người tiếp xúc của {source}. Liên kết này sẽ bị loại khỏi mọi lần truy vết sau.', '{target} is not a contact of {source}. The link will be left out of every later trace.'],
  'tracing.reject.reason': ['Lý do', 'Reason'],
  'tracing.reject.submit': ['Xác nhận', 'Confirm'],
  'tracing.reject.done': ['Đã loại liên kết và truy vết lại.', 'The link was removed and the case traced again.'],

  'people.title': ['Người dân', 'People'],
  'people.search': ['Tìm kiếm', 'Search'],
  'people.searchPlaceholder': ['Họ tên, số CCCD/CMND, số điện thoại', 'Name, ID number (CCCD/CMND), phone'],
  'people.searchButton': ['Tìm', 'Find'],
  'people.anySex': ['Tất cả', 'Any'],
  'people.anyCommune': ['Tất cả xã/phường', 'All communes'],
  'people.add': ['Thêm người', 'Add person'],
  'people.total': ['{n} người', '{n} people'],
  'people.noResults': ['Không tìm thấy người nào phù hợp', 'Nobody matches'],
  'people.birthYearInvalid': ['Năm sinh gồm 4 chữ số', 'A birth year has 4 digits'],

  'person.fullName': ['Họ và tên', 'Full name'],
  'person.birthDate': ['Ngày sinh', 'Birth date'],
  'person.birthYear': ['Năm sinh', 'Birth year'],
  'person.birthHint': ['Nếu không rõ ngày sinh, chỉ nhập năm sinh', 'If the birth date is unknown, enter the year only'],
  'person.sex': ['Giới tính', 'Sex'],
  'person.idType': ['Loại giấy tờ', 'ID type'],
  'person.idNumber': ['Số giấy tờ', 'ID number'],
  'person.phone': ['Số điện thoại', 'Phone'],
  'person.address': ['Địa chỉ', 'Address'],
  'person.commune': ['Xã/phường', 'Commune'],
  'person.nationality': ['Quốc tịch', 'Nationality'],
  'person.nationalityHint': ['Mã 2 chữ cái, ví dụ VN', 'Two-letter code, e.g. VN'],
  'person.invalidNationality': ['Quốc tịch là mã 2 chữ cái, ví dụ VN', 'Nationality is a two-letter code, e.g. VN'],
  'person.save': ['Lưu', 'Save'],
  'person.edit': ['Sửa', 'Edit'],
  'person.newTitle': ['Thêm người', 'Add person'],
  'person.editTitle': ['Sửa hồ sơ: {name}', 'Edit: {name}'],
  'person.fixErrors': ['Vui lòng sửa các ô báo lỗi bên dưới.', 'Please correct the fields marked below.'],
  'person.details': ['Thông tin', 'Details'],
  'person.createdAt': ['Tạo lúc', 'Created'],
  'person.updatedAt': ['Cập nhật lúc', 'Updated'],
  'person.mergedNotice': ['Hồ sơ này đã được gộp vào một hồ sơ khác và chỉ còn để tra cứu.', 'This record was merged into another one and is kept for reference only.'],
  'person.openSurvivor': ['Mở hồ sơ #{id}', 'Open record #{id}'],
  'person.history': ['Lịch sử thay đổi', 'Change history'],
  'person.version': ['Phiên bản', 'Version'],
  'person.change': ['Thay đổi', 'Change'],
  'person.changedAt': ['Thời điểm', 'Time'],
  'person.changedBy': ['Người thực hiện', 'By'],
  'person.noHistory': ['Chưa có lịch sử', 'No history yet'],
  'person.auditLink': ['Xem nhật ký truy cập hồ sơ', 'See the access log of this record'],
  'change.create': ['Tạo mới', 'Created'],
  'change.update': ['Cập nhật', 'Updated'],
  'change.merged_into': ['Gộp vào hồ sơ khác', 'Merged into another record'],
  'change.absorbed': ['Nhận gộp hồ sơ khác', 'Absorbed another record'],
  'person.duplicates': ['Hồ sơ có thể trùng', 'Possible duplicates'],
  'person.noDuplicates': ['Không phát hiện hồ sơ có thể trùng.', 'No possible duplicates found.'],
  'person.merge': ['Gộp vào hồ sơ này', 'Merge into this record'],
  'person.mergeTitle': ['Gộp hồ sơ', 'Merge records'],
  'person.mergeConfirm': ['Hồ sơ “{dup}” (#{dupId}) sẽ được gộp vào hồ sơ “{name}” (#{id}). Hồ sơ bị gộp chỉ còn để tra cứu lịch sử. Tiếp tục?', 'Record “{dup}” (#{dupId}) will be merged into “{name}” (#{id}). The merged record is kept for history only. Continue?'],
  'person.mergeDone': ['Đã gộp hồ sơ #{id} vào hồ sơ này.', 'Record #{id} was merged into this one.'],
  'person.possibleDuplicates': ['Có thể trùng', 'Possible duplicates'],
  'person.possibleDuplicatesHint': ['Kiểm tra các hồ sơ sau trước khi tạo mới:', 'Check these records before creating a new one:'],
  'person.createAnyway': ['Vẫn tạo mới', 'Create anyway'],
  'person.reload': ['Tải lại hồ sơ', 'Reload the record'],
  'reason.same_id': ['trùng số giấy tờ', 'same ID number'],
  'reason.same_name_year_commune': ['trùng họ tên, năm sinh và xã/phường', 'same name, birth year and commune'],
  'sex.male': ['Nam', 'Male'],
  'sex.female': ['Nữ', 'Female'],
  'sex.unknown': ['Không rõ', 'Unknown'],
  'idType.cccd': ['CCCD', 'CCCD'],
  'idType.cmnd': ['CMND', 'CMND'],
  'idType.passport': ['Hộ chiếu', 'Passport'],

  'audit.title': ['Nhật ký truy cập', 'Access log'],
  'audit.actor': ['Người thực hiện', 'Actor'],
  'audit.action': ['Hành động', 'Action'],
  'audit.entity': ['Loại đối tượng', 'Entity type'],
  'audit.entityId': ['Mã đối tượng', 'Entity id'],
  'audit.outcome': ['Kết quả', 'Outcome'],
  'audit.from': ['Từ ngày', 'From'],
  'audit.to': ['Đến ngày', 'To'],
  'audit.filter': ['Lọc', 'Filter'],
  'audit.time': ['Thời điểm', 'Time'],
  'audit.object': ['Đối tượng', 'Entity'],
  'audit.purpose': ['Mục đích', 'Purpose'],
  'audit.records': ['Số bản ghi', 'Records'],
  'audit.ok': ['Cho phép', 'Allowed'],
  'audit.denied': ['Bị từ chối', 'Denied'],
  'audit.more': ['Xem thêm', 'Load more'],
  'audit.empty': ['Không có mục nào', 'No entries'],
  'audit.end': ['Đã hiển thị hết', 'End of the log'],
  'audit.shown': ['Đang hiển thị {n} mục', 'Showing {n} entries'],
  'purpose.label': ['Mục đích truy cập', 'Access purpose'],
  'purpose.registry': ['Quản lý hồ sơ', 'Registry'],
  'purpose.tracing': ['Truy vết', 'Tracing'],
  'purpose.testing': ['Xét nghiệm', 'Testing'],
  'purpose.quarantine': ['Cách ly', 'Quarantine'],
  'purpose.support': ['Hỗ trợ người dân', 'Citizen support'],
  'purpose.audit': ['Kiểm tra, giám sát', 'Audit'],

  'users.title': ['Người dùng', 'Users'],
  'users.new': ['Thêm người dùng', 'New user'],
  'users.username': ['Tên đăng nhập', 'Username'],
  'users.usernameRule': ['3–50 ký tự: chữ thường không dấu, số, dấu . _ -', '3–50 characters: lower-case letters, digits, . _ -'],
  'users.displayName': ['Họ tên', 'Full name'],
  'users.password': ['Mật khẩu ban đầu', 'Initial password'],
  'users.passwordHint': ['Ít nhất 10 ký tự; người dùng nên đổi sau lần đăng nhập đầu', 'At least 10 characters'],
  'users.role': ['Vai trò', 'Role'],
  'users.agency': ['Cơ quan', 'Agency'],
  'users.noAgency': ['Không thuộc cơ quan cụ thể', 'No specific agency'],
  'users.areaScope': ['Phạm vi địa bàn', 'Area scope'],
  'users.communes': ['Xã/phường phụ trách', 'Communes in charge'],
  'users.communesRequired': ['Chọn ít nhất một xã/phường', 'Choose at least one commune'],
  'users.create': ['Tạo người dùng', 'Create user'],
  'users.created': ['Đã tạo người dùng {username}.', 'User {username} was created.'],
  'users.area': ['Địa bàn', 'Area'],
  'users.totp': ['Xác thực 2 lớp', 'Two-factor'],
  'users.totpOn': ['Đã bật', 'On'],
  'users.totpOff': ['Chưa bật', 'Off'],
  'users.status': ['Trạng thái', 'Status'],
  'users.active': ['Hoạt động', 'Active'],
  'users.disabled': ['Đã vô hiệu hoá', 'Disabled'],
  'users.lockedUntil': ['Tạm khoá đến {time}', 'Locked until {time}'],
  'users.empty': ['Chưa có người dùng', 'No users yet'],

  'retention.title': ['Lưu giữ dữ liệu', 'Data retention'],
  'retention.intro': ['Dữ liệu cá nhân chỉ được lưu trong thời hạn cần thiết cho phòng, chống dịch; quá hạn phải xoá.', 'Personal data is kept only as long as the epidemic response needs it and is deleted afterwards.'],
  'retention.epidemic': ['Thời gian dịch', 'Epidemic period'],
  'retention.declaredOn': ['Ngày công bố dịch', 'Declared on'],
  'retention.endedOn': ['Ngày công bố hết dịch', 'Declared over on'],
  'retention.ongoing': ['Để trống nếu dịch chưa kết thúc', 'Leave empty while the epidemic is ongoing'],
  'retention.policies': ['Thời hạn lưu giữ theo loại dữ liệu', 'Retention period by kind of data'],
  'retention.kind': ['Loại dữ liệu', 'Kind of data'],
  'retention.daysAfterEnd': ['Số ngày sau khi hết dịch', 'Days after the epidemic ends'],
  'retention.maxAgeDays': ['Tối đa (ngày)', 'Maximum age (days)'],
  'retention.legalBasis': ['Căn cứ', 'Legal basis'],
  'retention.noLimit': ['Để trống = không giới hạn', 'Empty = no limit'],
  'retention.daysInvalid': ['Số ngày từ 0 đến 36500', 'A number of days from 0 to 36500'],
  'retention.purge': ['Xoá dữ liệu hết hạn', 'Purge expired data'],
  'retention.purgeConfirm': ['Xoá vĩnh viễn mọi dữ liệu đã quá thời hạn lưu giữ? Thao tác này không thể hoàn tác.', 'Permanently delete all data past its retention period? This cannot be undone.'],
  'retention.purgeReport': ['Kết quả xoá lúc {time}', 'Purge report, {time}'],
  'retention.purgedNone': ['Không có dữ liệu nào hết hạn.', 'Nothing had expired.'],
  'retention.purgedCount': ['Số bản ghi đã xoá', 'Records deleted'],
  'tracing.chains': ['Chuỗi lây nhiễm', 'Transmission chains'],
  'tracing.review.accept': ['Chấp nhận: phân loại F1', 'Accept: classify as F1'],
  'tracing.review.dismiss': ['Bỏ qua', 'Dismiss'],
  'tracing.waypoint.title': ['Mốc dịch tễ', 'Epidemiological waypoints'],
  'tracing.waypoint.none': ['Chưa có mốc dịch tễ nào', 'No waypoints yet'],
  'tracing.waypoint.source': ['Nguồn', 'Source'],
  'tracing.waypoint.fromCheckin': ['Quét mã QR', 'QR check-in'],
  'tracing.waypoint.fromInterview': ['Điều tra dịch tễ', 'Interview'],
  'tracing.waypoint.note': ['Ghi chú', 'Note'],
  'tracing.waypoint.add': ['Thêm mốc dịch tễ (theo lời khai)', 'Add a waypoint (from the interview)'],
  'tracing.waypoint.address': ['Hoặc địa chỉ (nếu không có trong danh sách địa điểm)', 'Or an address (if not a registered venue)'],
  'tracing.waypoint.from': ['Từ', 'From'],
  'tracing.waypoint.to': ['Đến', 'To'],
  'tracing.waypoint.save': ['Thêm mốc', 'Add waypoint'],
  'tracing.waypoint.needPlace': ['Chọn địa điểm hoặc nhập địa chỉ', 'Pick a venue or type an address'],
  'tracing.waypoint.badWindow': ['Nhập thời gian từ và đến (đến không trước từ)', 'Enter from and to (to not before from)'],
  'tracing.work': ['Việc cần làm', 'Work queue'],
  'work.title': ['Việc cần làm của đội truy vết và xã', 'Work queue of tracing teams and communes'],
  'work.allCommunes': ['Tất cả xã trong địa bàn', 'All communes in my area'],
  'work.toConfirm': ['F1/F2 chờ xác nhận', 'F1/F2 awaiting confirmation'],
  'work.toConfirmHint': ['Hệ thống tự phân loại; sau khi điều tra, xác nhận hoặc mở ca bệnh để bác bỏ liên kết.', 'Found automatically; after the interview, confirm, or open the case to reject the link.'],
  'work.confirm': ['Xác nhận', 'Confirm'],
  'work.nothing': ['Không có việc nào', 'Nothing here'],
  'work.count': ['{n} mục', '{n} items'],
  'work.items': ['Biện pháp theo quy định', 'Measures ordered by the rules'],
  'work.kind': ['Biện pháp', 'Measure'],
  'work.period': ['Thời gian', 'Period'],
  'work.tests': ['Ngày xét nghiệm', 'Test dates'],
  'work.reason': ['Lý do', 'Reason'],
  'work.start': ['Bắt đầu', 'Start'],
  'work.done': ['Xong', 'Done'],
  'work.cancel': ['Huỷ', 'Cancel'],
  'work.status.open': ['Chưa làm', 'Open'],
  'work.status.in_progress': ['Đang làm', 'In progress'],
  'work.status.done': ['Đã xong', 'Done'],
  'work.status.cancelled': ['Đã huỷ', 'Cancelled'],
  'work.kind.quarantine_concentrated': ['Cách ly tập trung', 'Concentrated quarantine'],
  'work.kind.quarantine_home': ['Cách ly tại nhà', 'Home quarantine'],
  'work.kind.self_monitoring': ['Tự theo dõi sức khỏe', 'Self-monitoring'],
  'work.kind.test': ['Xét nghiệm', 'Test'],
  'work.kind.interview': ['Điều tra dịch tễ', 'Interview'],
  'work.kind.other': ['Khác', 'Other'],
  ...CHAINS_CATALOGUE,
  ...INTAKE_CATALOGUE,
  ...LINELIST_CATALOGUE,
  ...DIRECTIVES_CATALOGUE,
  ...CHECKPOINTS_CATALOGUE,
} as const satisfies Record<string, readonly [vi: string, en: string]>;

export type MessageKey = keyof typeof CATALOGUE;
export type Dict = Readonly<Record<MessageKey, string>>;
export type Params = Readonly<Record<string, string | number>>;

function pick(index: 0 | 1): Dict {
  return Object.fromEntries(Object.entries(CATALOGUE).map(([k, v]) => [k, v[index]])) as Record<MessageKey, string>;
}
export const vi: Dict = pick(0);
export const en: Dict = pick(1);
export const DICTIONARIES: Readonly<Record<Lang, Dict>> = { vi, en };
export const LANGS: readonly Lang[] = ['vi', 'en'];

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(CATALOGUE, key);
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Message for an API error code (src/contracts/errors.ts) or a catalogue key used as a client-side error. */
export function messageFor(code: string, lang: Lang): string {
  return isMessageKey(code) ? translate(lang, code) : errorMessage(code, lang);
}

const STORAGE_KEY = 'phongdich.lang';

export function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    return saved === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export type T = (key: MessageKey, params?: Params) => string;

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: T;
  /** Message for an error code, see messageFor. */
  msg: (code: string) => string;
  /** dd/MM/yyyy */
  date: (value: string | null | undefined) => string;
  /** dd/MM/yyyy HH:mm:ss in the browser's time zone */
  dateTime: (value: string | null | undefined) => string;
  num: (n: number) => string;
}

function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  return {
    lang,
    setLang,
    t: (key, params) => translate(lang, key, params),
    msg: (code) => messageFor(code, lang),
    date: (v) => formatDate(v) || translate(lang, 'common.none'),
    dateTime: (v) => formatDateTime(v) || translate(lang, 'common.none'),
    num: (n) => formatNumber(n, lang),
  };
}

const I18nContext = createContext<I18n>(makeI18n('vi', () => {}));

export function LangProvider(props: { children: ReactNode; onChange?: (lang: Lang) => void }): ReactNode {
  const { onChange } = props;
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this tab only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    onChange?.(lang);
  }, [lang, onChange]);
  const value = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  return createElement(I18nContext.Provider, { value }, props.children);
}

/** Everything about the current language: t, msg, date formatting, setLang. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The translate function for the current language. */
export function useT(): T {
  return useContext(I18nContext).t;
}
