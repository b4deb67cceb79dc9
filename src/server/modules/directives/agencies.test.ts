// How agency names are found in running text, split in lists, and resolved to the registry.
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENCY_REGISTRY, agencyLexicon, readAgencyList, resolveAgency, resolveTaskAgencies } from './agencies.ts';
import { parseDirective } from './parse.ts';
import { tokenize } from './text.ts';

const lex = agencyLexicon(DEFAULT_AGENCY_REGISTRY);
/** The agencies of the list that starts the text. */
function names(text: string, support = false): string[] {
  const toks = tokenize(text);
  return readAgencyList(toks, 0, lex, support).map((s) => text.slice(toks[s.start]!.start, toks[s.end - 1]!.end));
}

describe('reading a list of agencies', () => {
  it('ends a name where the predicate starts', () => {
    expect(names('Sở Giao thông Vận tải tiếp tục thực hiện tốt')).toEqual(['Sở Giao thông Vận tải']);
    expect(names('Bộ Chỉ huy Quân sự tỉnh có phương án kích hoạt')).toEqual(['Bộ Chỉ huy Quân sự tỉnh']);
    expect(names('Sở Nông nghiệp và Phát triển nông thôn hướng dẫn')).toEqual(['Sở Nông nghiệp và Phát triển nông thôn']);
  });
  it('keeps a group with its comma-joined members and qualifiers', () => {
    expect(names('UBND các huyện, thành phố triển khai')).toEqual(['UBND các huyện, thành phố']);
    expect(names('UBND các huyện có đường biên giới tiếp tục')).toEqual(['UBND các huyện có đường biên giới']);
    expect(names('Các sở, ngành có liên quan, UBND các huyện, thành phố tiếp tục')).toEqual(['Các sở, ngành có liên quan', 'UBND các huyện, thành phố']);
    expect(names('các cấp, các ngành cần tập trung')).toEqual(['các cấp, các ngành']);
    expect(names('Trung tâm Y tế các huyện Yên Phong, Quế Võ phối hợp')).toEqual(['Trung tâm Y tế các huyện Yên Phong, Quế Võ']);
  });
  it('splits proper names, and a qualified group from the next "các …"', () => {
    expect(names('Sở Y tế và UBND các huyện, thành phố triển khai')).toEqual(['Sở Y tế', 'UBND các huyện, thành phố']);
    expect(names('Sở Văn hóa, Thể thao và Du lịch, Công an tỉnh kiểm tra')).toEqual(['Sở Văn hóa, Thể thao và Du lịch', 'Công an tỉnh']);
    expect(names('các cơ quan chức năng, các doanh nghiệp Nhà nước và hợp tác xã, tổ chức kinh tế tư nhân, bảo đảm', true))
      .toEqual(['các cơ quan chức năng', 'các doanh nghiệp Nhà nước và hợp tác xã, tổ chức kinh tế tư nhân']);
  });
  it('gives the names after a distributive noun', () => {
    expect(names('Các lực lượng Công an, Quân sự, Biên phòng, Y tế, CDC và các địa phương lựa chọn'))
      .toEqual(['Công an', 'Quân sự', 'Biên phòng', 'Y tế', 'CDC', 'các địa phương']);
    expect(names('Giám đốc các sở: Y tế, Công Thương, Giao thông vận tải; Giám đốc Công an tỉnh'))
      .toEqual(['Y tế', 'Công Thương', 'Giao thông vận tải']);
  });
  it('does not take common words for agencies', () => {
    expect(names('Bảo đảm an toàn tuyệt đối')).toEqual([]);
    expect(names('Phòng, chống dịch là nhiệm vụ')).toEqual([]);
    expect(names('giao ban trực tuyến')).toEqual([]);
    expect(names('các cơ sở sản xuất phải có phương án')).toEqual([]);
    expect(names('TỔ CHỨC THỰC HIỆN')).toEqual([]);
  });
});

describe('resolving a name to the registry', () => {
  it('by name, abbreviation, alias, or with a head title', () => {
    expect(resolveAgency('Sở Y tế').code).toBe('SYT');
    expect(resolveAgency('ngành Y tế').code).toBe('SYT');
    expect(resolveAgency('Bộ CHQS tỉnh').code).toBe('QS');
    expect(resolveAgency('Bộ Chỉ huy Bộ đội biên phòng').code).toBe('BP');
    expect(resolveAgency('Sở Giao Thông Vận tải').code).toBe('GTVT');
    expect(resolveAgency('Giám đốc Công an tỉnh').code).toBe('CA');
    expect(resolveAgency('Ủy ban nhân dân tỉnh').code).toBe('UBND_TINH');
  });
  it('to a group for the genre\'s collective names', () => {
    expect(resolveAgency('UBND các huyện, thành phố')).toMatchObject({ code: null, group: 'districts' });
    expect(resolveAgency('Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố').group).toBe('districts');
    expect(resolveAgency('Ủy ban nhân dân các xã, thị trấn').group).toBe('communes');
    expect(resolveAgency('Các sở, ban, ngành').group).toBe('departments');
    expect(resolveAgency('Các cơ quan, đơn vị, địa phương').group).toBe('all');
  });
});

describe('a registry passed in', () => {
  const registry = [
    ...DEFAULT_AGENCY_REGISTRY,
    { code: 'BQLDA', name: 'Ban Quản lý dự án đầu tư xây dựng tỉnh', aliases: ['Ban QLDA tỉnh'] },
  ];
  it('lets the parser find the names it lists, and resolves them to its codes', () => {
    const text = 'KẾ HOẠCH\nSửa chữa bệnh viện dã chiến\n\n1. Ban Quản lý dự án đầu tư xây dựng tỉnh khẩn trương sửa chữa, hoàn thành trước ngày 30/9/2021.\n2. Sở Y tế phối hợp với Ban QLDA tỉnh nghiệm thu.';
    const parsed = parseDirective(text, registry);
    expect(parsed.tasks.map((t) => [t.item, t.lead, t.support, t.deadline])).toEqual([
      ['1', ['Ban Quản lý dự án đầu tư xây dựng tỉnh'], [], '2021-09-30'],
      ['2', ['Sở Y tế'], ['Ban QLDA tỉnh'], null],
    ]);
    expect(resolveTaskAgencies(parsed.tasks, registry).map((t) => [...t.lead, ...t.support].map((a) => a.code))).toEqual([['BQLDA'], ['SYT', 'BQLDA']]);
  });
});
