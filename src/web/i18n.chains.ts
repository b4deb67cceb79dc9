// Texts of the transmission-chains page, in the catalogue's format ([vi, en] per key, placeholders {name}).
// Kept apart so that the page works before the entries are merged into CATALOGUE (src/web/i18n.ts): the page
// translates its own keys with translateChains in the UI language. Type imports only, so that i18n.ts may
// import CHAINS_CATALOGUE from here without a cycle.
import type { Lang, Params } from './i18n.ts';

export const CHAINS_CATALOGUE = {
  'chains.title': ['Chuỗi lây nhiễm', 'Transmission chains'],
  'chains.nav': ['Chuỗi lây nhiễm', 'Transmission chains'],
  'chains.filters': ['Bộ lọc', 'Filters'],
  'chains.filtersHint': ['Áp dụng cho danh sách chuỗi và sơ đồ', 'Applies to the list of chains and to the graph'],
  'chains.from': ['Từ ngày', 'From'],
  'chains.to': ['Đến ngày', 'To'],
  'chains.anyCommune': ['Mọi xã/phường', 'Any commune'],
  'chains.noCommune': ['Không tìm thấy xã/phường', 'No such commune'],
  'chains.maxLevel': ['Hiển thị đến', 'Show down to'],
  'chains.list': ['Các chuỗi', 'Chains'],
  'chains.listTotal': ['{n} chuỗi', '{n} chains'],
  'chains.listTruncated': ['Chỉ hiển thị {n} chuỗi gần nhất', 'Only the {n} most recent chains are shown'],
  'chains.none': ['Không có chuỗi nào khớp bộ lọc', 'No chain matches the filters'],
  'chains.item': ['Chuỗi {code}', 'Chain {code}'],
  'chains.itemCounts': ['{cases} ca bệnh · {people} người', '{cases} cases · {people} people'],
  'chains.pick': ['Chọn một chuỗi bên trái để xem sơ đồ', 'Pick a chain on the left to see its graph'],
  'chains.graph': ['Sơ đồ chuỗi {code}', 'Graph of chain {code}'],
  'chains.graphLabel': ['Sơ đồ lây nhiễm: {nodes} người, {edges} liên kết. Dùng danh sách ca bệnh bên dưới để mở chi tiết bằng bàn phím.', 'Transmission graph: {nodes} people, {edges} links. Use the list of cases below to open details with the keyboard.'],
  'chains.counts': ['{cases} ca bệnh · {f1} F1 · {f2} F2 · {more} cấp sau · {hidden} ngoài địa bàn', '{cases} cases · {f1} F1 · {f2} F2 · {more} further levels · {hidden} outside your area'],
  'chains.truncated': ['Sơ đồ quá lớn: chỉ hiển thị {shown} trên {total} người (ca bệnh, rồi F1, F2… theo thời gian tiếp xúc). Thu hẹp bộ lọc để xem phần còn lại.', 'The graph is too large: {shown} of {total} people are shown (cases, then F1, F2… by exposure time). Narrow the filters to see the rest.'],
  'chains.empty': ['Không có ai khớp bộ lọc trong chuỗi này', 'Nobody in this chain matches the filters'],
  'chains.layoutRunning': ['Đang sắp xếp sơ đồ…', 'Arranging the graph…'],
  'chains.layoutStop': ['Dừng sắp xếp', 'Stop arranging'],
  'chains.layoutRerun': ['Sắp xếp lại', 'Arrange again'],
  'chains.noWebgl': ['Trình duyệt không hiển thị được sơ đồ (cần WebGL). Danh sách ca bệnh bên dưới vẫn dùng được.', 'This browser cannot draw the graph (WebGL is needed). The list of cases below still works.'],
  'chains.casesInChain': ['Ca bệnh trong chuỗi', 'Cases in the chain'],
  'chains.legend': ['Chú giải', 'Legend'],
  'chains.legend.f0': ['F0 (ca bệnh)', 'F0 (case)'],
  'chains.legend.f1': ['F1', 'F1'],
  'chains.legend.f2': ['F2', 'F2'],
  'chains.legend.more': ['F3 trở đi', 'F3 and beyond'],
  'chains.legend.hidden': ['Ngoài địa bàn của bạn', 'Outside your area'],
  'chains.legend.transmission': ['Lây sang ca bệnh khác', 'Passed on to another case'],
  'chains.legend.household': ['Cùng hộ gia đình', 'Same household'],
  'chains.legend.contact': ['Tiếp xúc', 'Contact'],
  'chains.legend.venue': ['Cùng địa điểm', 'Same venue'],
  'chains.level.any': ['Mọi cấp', 'All levels'],
  'chains.level.upTo': ['Đến F{n}', 'Down to F{n}'],

  'chains.panel.title': ['Chi tiết', 'Details'],
  'chains.panel.outside': ['Người này nằm ngoài địa bàn bạn phụ trách: không hiển thị thông tin cá nhân.', 'This person is outside your area: no personal details are shown.'],
  'chains.panel.node': ['{label} · {level} · {date}', '{label} · {level} · {date}'],
  'chains.panel.person': ['Người', 'Person'],
  'chains.panel.openPerson': ['Mở hồ sơ', 'Open the record'],
  'chains.panel.case': ['Ca bệnh', 'Case'],
  'chains.panel.openCase': ['Mở trang ca bệnh {code}', 'Open case {code}'],
  'chains.panel.confirmedAt': ['Xác nhận', 'Confirmed'],
  'chains.panel.infectious': ['Thời kỳ lây nhiễm', 'Infectious period'],
  'chains.panel.counts': ['F1 / F2', 'F1 / F2'],
  'chains.panel.source': ['Nguồn lây', 'Source'],
  'chains.panel.sourceText': ['Trước khi được xác nhận, người này là {level} của ca', 'Before being confirmed, this person was {level} of case'],
  'chains.panel.noSource': ['Chưa xác định được nguồn lây từ ca bệnh khác', 'No source among other cases is known'],
  'chains.panel.classification': ['Phân loại hiện tại', 'Current classification'],
  'chains.panel.classText': ['{level} của ca {code}, tiếp xúc lúc {time}', '{level} of case {code}, exposed at {time}'],
  'chains.panel.status.auto': ['Hệ thống tự phân loại', 'Classified automatically'],
  'chains.panel.status.confirmed': ['Cán bộ đã xác nhận', 'Confirmed by an officer'],
  'chains.panel.noClassification': ['Không có phân loại F1/F2 hiện tại', 'No current F1/F2 classification'],
  'chains.panel.chain': ['Chuỗi tiếp xúc', 'Chain of contacts'],
  'chains.panel.outsideName': ['người ngoài địa bàn #{id}', 'person outside your area #{id}'],

  'chains.why.household': ['{level} {person}: cùng hộ gia đình với {via}', '{level} {person}: same household as {via}'],
  'chains.why.contact': ['{level} {person}: tiếp xúc với {via} ngày {time}', '{level} {person}: in contact with {via} on {time}'],
  'chains.why.venue': ['{level} {person}: cùng có mặt tại địa điểm {venue} từ {from} đến {to}, khi {via} ở đó từ {sourceFrom} đến {sourceTo}', '{level} {person}: at venue {venue} from {from} to {to}, while {via} was there from {sourceFrom} to {sourceTo}'],
  'chains.venueUnknown': ['#{id}', '#{id}'],
} as const satisfies Record<string, readonly [vi: string, en: string]>;

export type ChainsKey = keyof typeof CHAINS_CATALOGUE;
export type ChainsT = (key: ChainsKey, params?: Params) => string;

function pick(index: 0 | 1): Readonly<Record<ChainsKey, string>> {
  return Object.fromEntries(Object.entries(CHAINS_CATALOGUE).map(([k, v]) => [k, v[index]])) as Record<ChainsKey, string>;
}
export const vi = pick(0);
export const en = pick(1);
const DICTIONARIES: Readonly<Record<Lang, Readonly<Record<ChainsKey, string>>>> = { vi, en };

export function translateChains(lang: Lang, key: ChainsKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
