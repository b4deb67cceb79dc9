// Provincial units before and after the 2025 reform (Nghị quyết 202/2025/QH15, effective 01/7/2025), with
// successor links, so that 2020-2021 documents naming old provinces still resolve.

export const REFORM_2025 = { date: '2025-07-01', legalRef: 'Nghị quyết 202/2025/QH15; QĐ 19/2025/QĐ-TTg' };
export const UNITS_63_FROM = '2008-08-01'; // Hà Tây merged into Hà Nội: the 63-unit map held from then to 2025

/** The 34 provincial units from 01/7/2025 with official 2-digit codes. */
export const PROVINCES_2025: ReadonlyArray<readonly [string, string]> = [
  ['01', 'Thành phố Hà Nội'], ['04', 'Tỉnh Cao Bằng'], ['08', 'Tỉnh Tuyên Quang'], ['11', 'Tỉnh Điện Biên'],
  ['12', 'Tỉnh Lai Châu'], ['14', 'Tỉnh Sơn La'], ['15', 'Tỉnh Lào Cai'], ['19', 'Tỉnh Thái Nguyên'],
  ['20', 'Tỉnh Lạng Sơn'], ['22', 'Tỉnh Quảng Ninh'], ['24', 'Tỉnh Bắc Ninh'], ['25', 'Tỉnh Phú Thọ'],
  ['31', 'Thành phố Hải Phòng'], ['33', 'Tỉnh Hưng Yên'], ['37', 'Tỉnh Ninh Bình'], ['38', 'Tỉnh Thanh Hóa'],
  ['40', 'Tỉnh Nghệ An'], ['42', 'Tỉnh Hà Tĩnh'], ['44', 'Tỉnh Quảng Trị'], ['46', 'Thành phố Huế'],
  ['48', 'Thành phố Đà Nẵng'], ['51', 'Tỉnh Quảng Ngãi'], ['52', 'Tỉnh Gia Lai'], ['56', 'Tỉnh Khánh Hòa'],
  ['66', 'Tỉnh Đắk Lắk'], ['68', 'Tỉnh Lâm Đồng'], ['75', 'Tỉnh Đồng Nai'], ['79', 'Thành phố Hồ Chí Minh'],
  ['80', 'Tỉnh Tây Ninh'], ['82', 'Tỉnh Đồng Tháp'], ['86', 'Tỉnh Vĩnh Long'], ['91', 'Tỉnh An Giang'],
  ['92', 'Thành phố Cần Thơ'], ['96', 'Tỉnh Cà Mau'],
];

/** The 63 provincial units before 01/7/2025: [code, name, code of the 2025 unit that succeeded it].
 * A unit whose code and name did not change continues as one row (no successor link). */
export const PROVINCES_BEFORE_2025: ReadonlyArray<readonly [string, string, string]> = [
  ['01', 'Thành phố Hà Nội', '01'], ['02', 'Tỉnh Hà Giang', '08'], ['04', 'Tỉnh Cao Bằng', '04'],
  ['06', 'Tỉnh Bắc Kạn', '19'], ['08', 'Tỉnh Tuyên Quang', '08'], ['10', 'Tỉnh Lào Cai', '15'],
  ['11', 'Tỉnh Điện Biên', '11'], ['12', 'Tỉnh Lai Châu', '12'], ['14', 'Tỉnh Sơn La', '14'],
  ['15', 'Tỉnh Yên Bái', '15'], ['17', 'Tỉnh Hòa Bình', '25'], ['19', 'Tỉnh Thái Nguyên', '19'],
  ['20', 'Tỉnh Lạng Sơn', '20'], ['22', 'Tỉnh Quảng Ninh', '22'], ['24', 'Tỉnh Bắc Giang', '24'],
  ['25', 'Tỉnh Phú Thọ', '25'], ['26', 'Tỉnh Vĩnh Phúc', '25'], ['27', 'Tỉnh Bắc Ninh', '24'],
  ['30', 'Tỉnh Hải Dương', '31'], ['31', 'Thành phố Hải Phòng', '31'], ['33', 'Tỉnh Hưng Yên', '33'],
  ['34', 'Tỉnh Thái Bình', '33'], ['35', 'Tỉnh Hà Nam', '37'], ['36', 'Tỉnh Nam Định', '37'],
  ['37', 'Tỉnh Ninh Bình', '37'], ['38', 'Tỉnh Thanh Hóa', '38'], ['40', 'Tỉnh Nghệ An', '40'],
  ['42', 'Tỉnh Hà Tĩnh', '42'], ['44', 'Tỉnh Quảng Bình', '44'], ['45', 'Tỉnh Quảng Trị', '44'],
  ['46', 'Tỉnh Thừa Thiên Huế', '46'], ['48', 'Thành phố Đà Nẵng', '48'], ['49', 'Tỉnh Quảng Nam', '48'],
  ['51', 'Tỉnh Quảng Ngãi', '51'], ['52', 'Tỉnh Bình Định', '52'], ['54', 'Tỉnh Phú Yên', '66'],
  ['56', 'Tỉnh Khánh Hòa', '56'], ['58', 'Tỉnh Ninh Thuận', '56'], ['60', 'Tỉnh Bình Thuận', '68'],
  ['62', 'Tỉnh Kon Tum', '51'], ['64', 'Tỉnh Gia Lai', '52'], ['66', 'Tỉnh Đắk Lắk', '66'],
  ['67', 'Tỉnh Đắk Nông', '68'], ['68', 'Tỉnh Lâm Đồng', '68'], ['70', 'Tỉnh Bình Phước', '75'],
  ['72', 'Tỉnh Tây Ninh', '80'], ['74', 'Tỉnh Bình Dương', '79'], ['75', 'Tỉnh Đồng Nai', '75'],
  ['77', 'Tỉnh Bà Rịa - Vũng Tàu', '79'], ['79', 'Thành phố Hồ Chí Minh', '79'], ['80', 'Tỉnh Long An', '80'],
  ['82', 'Tỉnh Tiền Giang', '82'], ['83', 'Tỉnh Bến Tre', '86'], ['84', 'Tỉnh Trà Vinh', '86'],
  ['86', 'Tỉnh Vĩnh Long', '86'], ['87', 'Tỉnh Đồng Tháp', '82'], ['89', 'Tỉnh An Giang', '91'],
  ['91', 'Tỉnh Kiên Giang', '91'], ['92', 'Thành phố Cần Thơ', '92'], ['93', 'Tỉnh Hậu Giang', '92'],
  ['94', 'Tỉnh Sóc Trăng', '92'], ['95', 'Tỉnh Bạc Liêu', '96'], ['96', 'Tỉnh Cà Mau', '96'],
];

/** Thừa Thiên Huế became the centrally-run Thành phố Huế on 01/01/2025 (Nghị quyết 1314/NQ-UBTVQH15). */
export const HUE_2025 = { code: '46', date: '2025-01-01', legalRef: 'Nghị quyết 1314/NQ-UBTVQH15' };

/** District-level units of the four seed provinces in 2020-2021, abolished on 01/7/2025 (two-tier local
 * government). Names from the GSO list of 01/3/2025; the 3-digit codes are from memory of the GSO list and
 * should be checked against an official import. */
export const DISTRICTS_2020: ReadonlyArray<readonly [province: string, code: string, name: string]> = [
  ['04', '040', 'Thành phố Cao Bằng'], ['04', '042', 'Huyện Bảo Lâm'], ['04', '043', 'Huyện Bảo Lạc'],
  ['04', '045', 'Huyện Hà Quảng'], ['04', '047', 'Huyện Trùng Khánh'], ['04', '048', 'Huyện Hạ Lang'],
  ['04', '049', 'Huyện Quảng Hòa'], ['04', '051', 'Huyện Hoà An'], ['04', '052', 'Huyện Nguyên Bình'],
  ['04', '053', 'Huyện Thạch An'],
  ['06', '058', 'Thành phố Bắc Kạn'], ['06', '060', 'Huyện Pác Nặm'], ['06', '061', 'Huyện Ba Bể'],
  ['06', '062', 'Huyện Ngân Sơn'], ['06', '063', 'Huyện Bạch Thông'], ['06', '064', 'Huyện Chợ Đồn'],
  ['06', '065', 'Huyện Chợ Mới'], ['06', '066', 'Huyện Na Rì'],
  ['12', '105', 'Thành phố Lai Châu'], ['12', '106', 'Huyện Tam Đường'], ['12', '107', 'Huyện Mường Tè'],
  ['12', '108', 'Huyện Sìn Hồ'], ['12', '109', 'Huyện Phong Thổ'], ['12', '110', 'Huyện Than Uyên'],
  ['12', '111', 'Huyện Tân Uyên'], ['12', '112', 'Huyện Nậm Nhùn'],
  ['20', '178', 'Thành phố Lạng Sơn'], ['20', '180', 'Huyện Tràng Định'], ['20', '181', 'Huyện Bình Gia'],
  ['20', '182', 'Huyện Văn Lãng'], ['20', '183', 'Huyện Cao Lộc'], ['20', '184', 'Huyện Văn Quan'],
  ['20', '185', 'Huyện Bắc Sơn'], ['20', '186', 'Huyện Hữu Lũng'], ['20', '187', 'Huyện Chi Lăng'],
  ['20', '188', 'Huyện Lộc Bình'], ['20', '189', 'Huyện Đình Lập'],
];
export const DISTRICTS_FROM = '2020-02-01'; // Cao Bằng's district mergers (Quảng Hòa, Hà Quảng) took effect then
