// Agencies of a province that directives assign work to (chủ trì / phối hợp), with the names texts use.
export type AgencySeed = { code: string; name: string; shortName: string; kind: string; aliases: string[] };

export const PROVINCE_AGENCIES: AgencySeed[] = [
  { code: 'BCD', name: 'Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh', shortName: 'BCĐ tỉnh', kind: 'committee', aliases: ['Ban Chỉ đạo tỉnh', 'BCĐ', 'Ban Chỉ đạo'] },
  { code: 'UBND_TINH', name: 'Ủy ban nhân dân tỉnh', shortName: 'UBND tỉnh', kind: 'people_committee', aliases: ['UBND tỉnh', 'Ủy ban nhân dân tỉnh'] },
  { code: 'VP_UBND', name: 'Văn phòng Ủy ban nhân dân tỉnh', shortName: 'VP UBND tỉnh', kind: 'department', aliases: ['Văn phòng UBND tỉnh'] },
  { code: 'SYT', name: 'Sở Y tế', shortName: 'SYT', kind: 'health', aliases: ['Sở Y tế', 'ngành Y tế', 'ngành y tế'] },
  { code: 'CDC', name: 'Trung tâm Kiểm soát bệnh tật tỉnh', shortName: 'CDC tỉnh', kind: 'health', aliases: ['CDC', 'Trung tâm Kiểm soát bệnh tật'] },
  { code: 'CA', name: 'Công an tỉnh', shortName: 'CA tỉnh', kind: 'police', aliases: ['Công an tỉnh', 'Công an'] },
  { code: 'QS', name: 'Bộ Chỉ huy Quân sự tỉnh', shortName: 'Bộ CHQS tỉnh', kind: 'military', aliases: ['Bộ Chỉ huy Quân sự tỉnh', 'Bộ CHQS tỉnh', 'BCHQS tỉnh', 'Quân sự'] },
  { code: 'BP', name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh', shortName: 'Bộ CHBĐBP tỉnh', kind: 'border', aliases: ['Bộ Chỉ huy Bộ đội Biên phòng tỉnh', 'Bộ CHBĐBP tỉnh', 'Bộ đội Biên phòng', 'Biên phòng'] },
  { code: 'GTVT', name: 'Sở Giao thông Vận tải', shortName: 'Sở GTVT', kind: 'department', aliases: ['Sở Giao thông Vận tải', 'Sở Giao Thông Vận tải', 'Sở GTVT'] },
  { code: 'GDDT', name: 'Sở Giáo dục và Đào tạo', shortName: 'Sở GD&ĐT', kind: 'department', aliases: ['Sở Giáo dục và Đào tạo', 'Sở GD&ĐT', 'Sở GDĐT'] },
  { code: 'TTTT', name: 'Sở Thông tin và Truyền thông', shortName: 'Sở TT&TT', kind: 'department', aliases: ['Sở Thông tin và Truyền thông', 'Sở TT&TT', 'Sở TTTT'] },
  { code: 'CT', name: 'Sở Công Thương', shortName: 'Sở CT', kind: 'department', aliases: ['Sở Công Thương', 'Sở Công thương'] },
  { code: 'TC', name: 'Sở Tài chính', shortName: 'Sở TC', kind: 'department', aliases: ['Sở Tài chính'] },
  { code: 'KHDT', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT', kind: 'department', aliases: ['Sở Kế hoạch và Đầu tư', 'Sở KH&ĐT', 'Sở KHĐT'] },
  { code: 'LDTBXH', name: 'Sở Lao động - Thương binh và Xã hội', shortName: 'Sở LĐ-TB&XH', kind: 'department', aliases: ['Sở Lao động - Thương binh và Xã hội', 'Sở LĐTBXH'] },
  { code: 'VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', shortName: 'Sở VHTT&DL', kind: 'department', aliases: ['Sở Văn hóa, Thể thao và Du lịch', 'Sở VHTTDL'] },
  { code: 'NGOAIVU', name: 'Sở Ngoại vụ', shortName: 'Sở NV', kind: 'department', aliases: ['Sở Ngoại vụ'] },
  { code: 'BHXH', name: 'Bảo hiểm xã hội tỉnh', shortName: 'BHXH tỉnh', kind: 'insurance', aliases: ['Bảo hiểm xã hội tỉnh', 'BHXH tỉnh', 'Bảo hiểm xã hội'] },
];
