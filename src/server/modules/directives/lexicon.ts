// Word lists of the genre: how Vietnamese directives name agencies, and the words that end an agency's name
// (the start of the predicate). Lower-case NFC with the tone mark in the "òa / ủy" place (see canonTone).
// They describe the language of administrative documents, not any particular document.

/** Words and phrases that begin a predicate: after an agency's name they end it ("Sở Y tế | tiếp tục …"). */
export const PREDICATES: readonly string[] = [
  'tiếp tục', 'chủ trì', 'phối hợp', 'thực hiện', 'triển khai', 'tổ chức', 'tăng cường', 'chỉ đạo', 'kiểm tra',
  'rà soát', 'xây dựng', 'tham mưu', 'chuẩn bị', 'bảo đảm', 'đảm bảo', 'có', 'cần', 'phải', 'khẩn trương',
  'chủ động', 'hướng dẫn', 'theo dõi', 'đôn đốc', 'giám sát', 'quản lý', 'xử lý', 'kiểm soát', 'bố trí',
  'đẩy mạnh', 'nghiên cứu', 'đề xuất', 'báo cáo', 'cung cấp', 'hỗ trợ', 'làm', 'là', 'huy động', 'vận động',
  'tuyên truyền', 'nắm', 'tiếp nhận', 'phân công', 'cử', 'lập', 'thành lập', 'mua sắm', 'điều phối', 'duy trì',
  'quyết liệt', 'nghiêm túc', 'sát sao', 'tập trung', 'đặc biệt', 'nâng cao', 'tích cực', 'thường xuyên',
  'kịp thời', 'không', 'chịu', 'phát huy', 'bổ sung', 'xem xét', 'giải quyết', 'ban hành', 'cập nhật',
  'tổng hợp', 'gửi', 'truy vết', 'xét nghiệm', 'cách ly', 'điều tra', 'sắp xếp', 'ưu tiên', 'hoàn thành',
  'chuyển', 'dừng', 'tạm dừng', 'cho phép', 'yêu cầu', 'đề nghị', 'giao', 'khuyến cáo', 'khuyến khích', 'đưa',
  'xác định', 'đánh giá', 'thông báo', 'thông tin', 'vận hành', 'áp dụng', 'quy định', 'phê duyệt', 'tuân thủ',
  'chấp hành', 'thiết lập', 'kích hoạt', 'lấy', 'tiêm', 'phân luồng', 'phân bổ', 'điều động', 'điều chỉnh',
  'thi hành', 'sơ kết', 'tổng kết', 'hoàn tất', 'kết nối', 'sẽ', 'đã', 'đang', 'được', 'vừa', 'để', 'trong',
  'theo', 'tại', 'về', 'đối với', 'nhằm', 'từ', 'đến', 'với', 'cho', 'khi', 'nếu', 'trên', 'ngay', 'luôn', 'còn',
  'cũng', 'lựa chọn', 'chọn', 'thống nhất', 'quán triệt', 'cân đối', 'sẵn sàng', 'phát hiện', 'ngăn chặn',
  'nhận', 'mở', 'đóng', 'giữ', 'siết', 'trình', 'căn cứ', 'thông qua', 'biết', 'thu', 'dự trữ', 'trang bị',
  'phổ biến', 'tạo', 'hạn chế', 'kiên quyết', 'đồng thời', 'nghiêm', 'tiến hành', 'quan tâm', 'giúp',
  'hoàn thiện', 'tập huấn', 'thẩm định', 'xác minh', 'nhanh chóng', 'sớm', 'khảo sát', 'đi', 'ra', 'vào',
  'tuần tra', 'kiểm', 'đón', 'tiếp', 'chăm lo', 'thăm', 'động viên', 'điều trị', 'thu dung', 'khám',
  'đầu tư', 'bàn giao', 'đồng ý', 'chấm dứt', 'ký', 'rút', 'nâng', 'tăng', 'giảm', 'khắc phục', 'mua',
  'công bố', 'ứng dụng', 'tiếp cận', 'nắm bắt', 'rà', 'phát', 'dành', 'vẫn', 'đều', 'cùng',
  'tự', 'sử dụng', 'hiệp đồng', 'cài đặt', 'khai báo', 'giãn cách', 'phong tỏa', 'khoanh vùng', 'xin',
  'nêu', 'làm rõ', 'hoạt động', 'nghiêm cấm', 'cấm', 'tháo gỡ', 'ủng hộ', 'tham gia', 'lãnh đạo',
  'bám sát', 'linh hoạt', 'thẩm tra', 'chuyển giao', 'chi', 'chi trả', 'thanh toán', 'quyết định', 'cân nhắc',
  'tạm', 'rút kinh nghiệm', 'đầu mối', 'gương mẫu', 'mạnh dạn', 'chú trọng', 'coi', 'xem', 'tránh',
];

/** A plural agency noun that texts use in groups: "các sở, ban, ngành", "các cơ quan, đơn vị". */
export const GENERIC_NOUNS: readonly string[] = [
  'sở', 'ban', 'ngành', 'ban ngành', 'ban, ngành', 'sở ngành', 'sở, ngành', 'cấp', 'cơ quan', 'đơn vị',
  'địa phương', 'đoàn thể', 'hội', 'hội, đoàn thể', 'tổ chức', 'lực lượng', 'thành viên', 'đồng chí thành viên',
  'cơ sở y tế', 'cơ sở khám bệnh, chữa bệnh', 'cơ sở khám, chữa bệnh', 'cơ sở giáo dục', 'bệnh viện',
  'trung tâm y tế', 'trạm y tế', 'chốt', 'chốt kiểm soát', 'tổ', 'đội', 'tổ công tác', 'tổ truy vết',
  'tổ covid cộng đồng', 'tổ covid-19 cộng đồng', 'đội phản ứng nhanh', 'cơ quan thông tấn, báo chí', 'trường', 'trường học', 'thôn', 'xóm', 'bản', 'tổ dân phố',
  'khu dân cư', 'cấp ủy', 'chính quyền', 'chính quyền địa phương', 'phòng', 'phòng, ban', 'phòng ban',
  'cơ quan, đơn vị', 'cấp, ngành', 'tổ chức chính trị - xã hội', 'tổ chức chính trị-xã hội', 'mặt trận',
  'ủy ban nhân dân', 'cơ quan trung ương', 'cơ quan, tổ chức',
];

/** Generic nouns for bodies that are not state agencies: named as partners after "phối hợp với", never as
 * the ones a directive gives work to ("các cơ sở sản xuất phải …" is not an assignment to an agency). */
export const NON_STATE_NOUNS: readonly string[] = [
  'doanh nghiệp', 'hợp tác xã', 'tổ chức kinh tế', 'cơ sở sản xuất', 'cơ sở kinh doanh', 'nhà xe', 'cá nhân',
];

/** Local-government units that follow "UBND các …": "UBND các huyện, thành phố", "… các xã, thị trấn". */
export const LOCALITY_NOUNS: readonly string[] = ['huyện', 'thành phố', 'thị xã', 'quận', 'xã', 'phường', 'thị trấn', 'thành', 'thị', 'tỉnh', 'tp'];

/** Locality words that end an agency's name: "Công an tỉnh", "Công an huyện Bảo Lạc", "UBND cấp xã". */
export const LOCALITY_TAILS: readonly string[] = [
  'tỉnh', 'huyện', 'thành phố', 'thị xã', 'quận', 'xã', 'phường', 'thị trấn', 'cấp tỉnh', 'cấp huyện', 'cấp xã',
  'cùng cấp', 'các cấp', 'tp',
];

/** What may qualify a group after its noun: "các đơn vị liên quan", "UBND các huyện có đường biên giới". */
export const QUALIFIERS: readonly string[] = [
  'liên quan', 'có liên quan', 'chức năng', 'báo chí', 'thông tấn', 'trên địa bàn', 'trên địa bàn tỉnh',
  'trên địa bàn huyện', 'trên địa bàn thành phố', 'trên địa bàn xã', 'đóng trên địa bàn', 'đóng trên địa bàn tỉnh',
  'thuộc tỉnh', 'trực thuộc', 'tỉnh', 'cấp tỉnh', 'cấp huyện', 'cấp xã', 'các cấp', 'trung ương', 'có đường biên giới',
  'có biên giới', 'biên giới', 'giáp biên', 'có cửa khẩu', 'tuyến đầu', 'chính trị - xã hội', 'chính trị-xã hội',
  'tư nhân', 'nhà nước', 'ngoài công lập', 'công lập', 'y tế', 'cùng cấp', 'tuyến tỉnh', 'tuyến huyện',
  'toàn tỉnh', 'trong tỉnh', 'được giao', 'có ca bệnh', 'có ca mắc', 'có dịch', 'nguy cơ cao', 'thuộc ubnd tỉnh',
  'thuộc ủy ban nhân dân tỉnh', 'dự họp', 'thành viên', 'đoàn thể', 'kinh tế tư nhân', 'chuyên môn',
  'liên ngành', 'chuyên trách', 'cấp dưới', 'trực thuộc',
];

/** Titles of heads of agencies: "Thủ trưởng các cơ quan", "Giám đốc Sở Y tế", "Chủ tịch UBND các huyện". */
export const HEAD_TITLES: readonly string[] = [
  'thủ trưởng', 'giám đốc', 'phó giám đốc', 'chủ tịch', 'phó chủ tịch', 'chánh văn phòng', 'trưởng ban',
  'phó trưởng ban', 'người đứng đầu', 'lãnh đạo', 'chỉ huy trưởng', 'trưởng phòng', 'bí thư', 'hiệu trưởng',
  'cục trưởng', 'chi cục trưởng', 'tổng giám đốc', 'viện trưởng', 'chánh án', 'trưởng', 'thường trực',
  'chủ nhiệm', 'tư lệnh',
];

/** First words of an agency's proper name (folded): "Sở …", "Ban …", "Trung tâm …", "Công an …". */
export const AGENCY_HEADS: readonly string[] = [
  'so', 'ban', 'bo', 'uy ban', 'ubnd', 'hdnd', 'hoi dong', 'cong an', 'bo chi huy', 'bchqs', 'bo chqs', 'bo chbdbp',
  'trung tam', 'benh vien', 'van phong', 'vp', 'dai', 'bao', 'cuc', 'chi cuc', 'tong cuc', 'doan', 'tinh doan',
  'huyen doan', 'hoi', 'lien doan', 'mat tran', 'mttq', 'bao hiem', 'bhxh', 'kho bac', 'ngan hang', 'vien',
  'vien kiem sat', 'toa an', 'hai quan', 'cang vu', 'thanh tra', 'truong', 'don', 'tram', 'phong', 'nganh',
  'cdc', 'bcd', 'to', 'doi', 'chi nhanh', 'cong ty', 'tinh uy', 'huyen uy', 'thanh uy', 'quan su', 'bien phong',
  'y te', 'quan khu', 'lu doan', 'trung doan', 'su doan', 'bo doi', 'ttyt', 'ttkscbt', 'ubmttq', 'thuong truc',
];

/** Agency names every province has (Nghị định 107/2020/NĐ-CP and the usual provincial bodies), besides the
 * registry: they let the parser find where a name ends ("Sở Nông nghiệp và Phát triển nông thôn | tiếp tục"). */
export const STANDARD_AGENCIES: readonly string[] = [
  'Sở Nội vụ', 'Sở Tư pháp', 'Sở Kế hoạch và Đầu tư', 'Sở Tài chính', 'Sở Công Thương',
  'Sở Nông nghiệp và Phát triển nông thôn', 'Sở Giao thông vận tải', 'Sở Xây dựng', 'Sở Tài nguyên và Môi trường',
  'Sở Thông tin và Truyền thông', 'Sở Lao động - Thương binh và Xã hội', 'Sở Văn hóa, Thể thao và Du lịch',
  'Sở Văn hóa và Thể thao', 'Sở Du lịch', 'Sở Khoa học và Công nghệ', 'Sở Giáo dục và Đào tạo', 'Sở Y tế',
  'Sở Ngoại vụ', 'Ban Dân tộc', 'Thanh tra tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'Văn phòng UBND tỉnh',
  'Văn phòng HĐND và UBND huyện', 'Văn phòng Đoàn ĐBQH và HĐND tỉnh', 'Ban Quản lý các khu công nghiệp',
  'Ban Quản lý Khu kinh tế', 'Ban Quản lý khu kinh tế', 'Ủy ban Mặt trận Tổ quốc Việt Nam', 'Ủy ban MTTQ Việt Nam',
  'Ủy ban MTTQ', 'Mặt trận Tổ quốc', 'Tỉnh đoàn', 'Hội Liên hiệp Phụ nữ', 'Hội Cựu chiến binh', 'Hội Nông dân',
  'Hội Chữ thập đỏ', 'Liên đoàn Lao động', 'Đài Phát thanh và Truyền hình', 'Đài Phát thanh - Truyền hình',
  'Đài PT&TH', 'Cục Thuế', 'Cục Hải quan', 'Cục Thống kê', 'Kho bạc Nhà nước', 'Ngân hàng Nhà nước',
  'Viện Kiểm sát nhân dân', 'Tòa án nhân dân', 'Trung tâm Kiểm soát bệnh tật', 'Trung tâm Y tế',
  'Bệnh viện Đa khoa', 'Bệnh viện Phổi', 'Bảo hiểm xã hội', 'Công an', 'Bộ Chỉ huy Quân sự',
  'Bộ Chỉ huy Bộ đội Biên phòng', 'Ban Chỉ đạo phòng, chống dịch COVID-19', 'Ban Chỉ đạo phòng chống dịch COVID-19',
  'Ban Chỉ đạo', 'Ban Thường vụ Tỉnh ủy', 'Thường trực Tỉnh ủy', 'Tỉnh ủy', 'Huyện ủy', 'Thành ủy',
  'Ủy ban nhân dân', 'Hội đồng nhân dân', 'UBND', 'HĐND', 'Chính phủ', 'Thủ tướng Chính phủ', 'Văn phòng Chính phủ',
  'Bộ Y tế', 'Bộ Công an', 'Bộ Quốc phòng', 'Bộ Giao thông vận tải', 'Bộ Giáo dục và Đào tạo',
  'Bộ Thông tin và Truyền thông', 'Bộ Lao động - Thương binh và Xã hội', 'Bộ Công Thương', 'Bộ Tài chính',
  'Bộ Nội vụ', 'Bộ Ngoại giao', 'Bộ Kế hoạch và Đầu tư', 'Bộ Văn hóa, Thể thao và Du lịch',
  'Ban Chỉ đạo quốc gia phòng, chống dịch COVID-19', 'Ban Chỉ đạo Quốc gia', 'Ban Bí thư', 'Bộ Chính trị',
  'Quốc hội', 'Ủy ban Thường vụ Quốc hội', 'Phòng Y tế', 'Phòng Giáo dục và Đào tạo', 'Phòng Văn hóa và Thông tin',
  'Phòng Tài chính - Kế hoạch', 'Phòng Lao động - Thương binh và Xã hội', 'Phòng Kinh tế và Hạ tầng',
  'Phòng Kinh tế - Hạ tầng', 'Phòng Nội vụ', 'Phòng Tư pháp', 'Phòng Tài nguyên và Môi trường',
  'Phòng Nông nghiệp và Phát triển nông thôn', 'Trung tâm Văn hóa, Truyền thông và Thể thao',
  'Ban Chỉ huy Quân sự', 'Đồn Biên phòng', 'Trạm Y tế', 'Cổng Thông tin điện tử',
];

/** Bodies that issue directives, not receive them: never a lead when they are the subject of a clause
 * ("Chủ tịch UBND tỉnh đồng ý …", "Thủ tướng Chính phủ đã kết luận …"). Folded. */
export const ISSUER_LIKE: readonly string[] = [
  'ubnd tinh', 'uy ban nhan dan tinh', 'chu tich ubnd tinh', 'chu tich uy ban nhan dan tinh', 'thu tuong chinh phu',
  'chinh phu', 'thu tuong', 'lanh dao ubnd tinh', 'thuong truc ubnd tinh', 'pho chu tich ubnd tinh',
  'pho chu tich uy ban nhan dan tinh', 'ban chi dao quoc gia', 'bo y te', 'van phong chinh phu',
];

/** Decree 30 Phụ lục III: type names (folded) → the name in sentence case, and their symbol abbreviations. */
export const DOC_TYPES: ReadonlyArray<readonly [string, string, string]> = [
  ['chi thi', 'Chỉ thị', 'CT'], ['thong bao', 'Thông báo', 'TB'], ['ke hoach', 'Kế hoạch', 'KH'],
  ['quyet dinh', 'Quyết định', 'QĐ'], ['cong dien', 'Công điện', 'CĐ'], ['nghi quyet', 'Nghị quyết', 'NQ'],
  ['huong dan', 'Hướng dẫn', 'HD'], ['bao cao', 'Báo cáo', 'BC'], ['to trinh', 'Tờ trình', 'TTr'],
  ['phuong an', 'Phương án', 'PA'], ['chuong trinh', 'Chương trình', 'CTr'], ['quy che', 'Quy chế', 'QC'],
  ['quy dinh', 'Quy định', 'QyĐ'], ['thong cao', 'Thông cáo', 'TC'], ['giay moi', 'Giấy mời', 'GM'],
  ['bien ban', 'Biên bản', 'BB'], ['de an', 'Đề án', 'ĐA'], ['ket luan', 'Kết luận', 'KL'],
  ['cong van', 'Công văn', 'CV'], ['kich ban', 'Kịch bản', 'KB'],
];

/** How administrative titles and names are capitalised (for text printed in capitals). Keys are folded. */
export const CASING: readonly string[] = [
  'Ủy ban nhân dân', 'Hội đồng nhân dân', 'Ban Chỉ đạo', 'Văn phòng', 'Chủ tịch', 'Phó Chủ tịch', 'Giám đốc',
  'Phó Giám đốc', 'Trưởng ban', 'Phó Trưởng ban', 'Chánh Văn phòng', 'Phó Chánh Văn phòng', 'Thường trực',
  'Chỉ huy trưởng', 'Trưởng phòng', 'Phó Trưởng phòng', 'Bí thư', 'Phó Bí thư', 'Thủ trưởng', 'Tổng Giám đốc',
  'Cục trưởng', 'Chi cục trưởng', 'Chủ nhiệm', 'Viện trưởng', 'Việt Nam', 'Mặt trận Tổ quốc', 'Trung ương',
  'Chính phủ', 'Thủ tướng', 'UBND', 'HĐND', 'BCĐ', 'MTTQ', 'COVID-19', 'COVID', 'SARS-CoV-2', 'Quốc gia',
  'Bộ Chỉ huy', 'Quân sự', 'Biên phòng', 'Bộ đội Biên phòng', 'Công an', 'Ủy ban', 'phòng, chống', 'Sở',
];
