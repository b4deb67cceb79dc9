// The signature block (Decree 30 Điều 8 g; DOMAIN.md §3.5): authority lines "TM. ỦY BAN NHÂN DÂN",
// "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", "Q. GIÁM ĐỐC", "TUQ. CHỦ TỊCH"; then the signer's position ("PHÓ CHỦ TỊCH");
// then the name, often a few lines below (the signature and the seal sit between). OCR may interleave it with
// the "Nơi nhận" list printed beside it, before or after it.
import type { DirectiveSigner } from '../../../contracts/directives.ts';
import { clean, foldKey, isUpperText, officialCase, personName } from './text.ts';

const AUTHORITY = /^(TM|KT|TL|TUQ|Q)\s*\.\s*(.+)$/u;
/** Positions that sign directives. Folded. */
const TITLE_LINE =
  /^(pho )?(chu tich|giam doc|truong ban|chanh van phong|truong phong|bi thu|chi huy truong|thu truong|tong giam doc|cuc truong|chi cuc truong|chu nhiem|vien truong|hieu truong|truong|pho truong ban|chanh thanh tra)\b/;
/** First words that make a capitalised line something else than a name (lower-cased, diacritics kept, so the
 * surname Trương is not the title trưởng). */
const NOT_A_NAME =
  /^(sở|ban|báo|đài|phòng|văn phòng|công an|bộ|cục|trung tâm|bệnh viện|ủy ban|uỷ ban|ubnd|hđnd|thành viên|như|gửi|nơi nhận|chủ tịch|giám đốc|trưởng|phó|ký|đã ký|các|kính gửi|tỉnh|huyện|xã|ttyt|cdc|tt|vp|lãnh đạo|chánh|thủ trưởng|chỉ huy|bí thư|cục trưởng|chi cục|hiệu trưởng|chủ nhiệm|viện trưởng|tổng|độc lập|cộng hòa|cộng hoà)(\s|$)/u;
const SIGNED_MARK = /^[[(]?\s*(da ky|ky|ky ten|ky, dong dau|ky va dong dau|ky so|chu ky so|signed)\b.*[\])]?$/;

/** A line that holds a person's name: two to seven capitalised words, letters only. */
export function isNameLine(line: string): boolean {
  const l = clean(line).replace(/\.$/, '');
  if (!l || /[\d;:,.()/&]/.test(l.replace(/\.$/, '')) || /^[-+]/.test(l)) return false;
  const words = l.split(' ');
  if (words.length < 2 || words.length > 7) return false;
  if (!words.every((w) => /^\p{Lu}[\p{L}\p{M}'’-]*$/u.test(w))) return false;
  return !NOT_A_NAME.test(l.toLowerCase());
}

const isTitleLine = (l: string): boolean => isUpperText(l) && TITLE_LINE.test(foldKey(l)) && l.split(' ').length <= 9;

/** Index of the first line of the signature block at or after `from` (an authority line or a position line),
 * or -1. */
export function signatureStart(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    if (AUTHORITY.test(l) && isUpperText(l)) return i;
    if (isTitleLine(l) && l.split(' ').length <= 6) return i;
  }
  return -1;
}

export function readSigner(lines: readonly string[], from: number, names: readonly string[]): DirectiveSigner | null {
  const start = signatureStart(lines, from);
  const authorities: string[] = [];
  let title: string | null = null;
  let k = start;
  if (start >= 0) {
    for (; k < lines.length; k++) {
      const l = lines[k]!;
      if (!l) continue;
      const m = AUTHORITY.exec(l);
      if (m && isUpperText(l)) { authorities.push(`${m[1]}. ${officialCase(m[2]!.trim().replace(/[.,;:]+$/, ''), names)}`); continue; }
      if (/^[-+]/.test(l) || /^noi\s*nhan|^gui ban/.test(foldKey(l))) continue;
      if (isUpperText(l) && !isNameLine(l)) { title = officialCase(l.replace(/[.,;:]+$/, ''), names); k++; }
      break;
    }
    // "Q. GIÁM ĐỐC" with no position line below: the acting head's position is the one after "Q.".
    const last = authorities[authorities.length - 1];
    if (!title && last?.startsWith('Q. ')) title = last.slice(3);
  }
  let name: string | null = null;
  for (let i = Math.max(k, from); i < lines.length; i++) {
    const l = lines[i]!;
    if (!l || SIGNED_MARK.test(foldKey(l)) || isUpperText(l) && !isNameLine(l)) continue;
    if (isNameLine(l)) { name = personName(l); break; }
  }
  if (!name) {
    // The name printed before the block (columns read in another order).
    for (let i = lines.length - 1; i >= from; i--) if (isNameLine(lines[i]!)) { name = personName(lines[i]!); break; }
  }
  if (!name && !title && !authorities.length) return null;
  return { name, title, authority: authorities.length ? authorities.join('; ') : null };
}
