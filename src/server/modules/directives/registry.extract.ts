// The text of an uploaded file (TXT, DOCX, PDF), recognised by its content rather than its name, NFC and with
// Unix line ends, and a status saying how far the text can be trusted (a scanned PDF has none).
import { readDocxText, DocxError, DOCX_MEDIA_TYPE } from './docx.ts';
import { readPdfText } from './pdf.ts';
import { normalizeUnicode } from './text.ts';

export const TEXT_STATUSES = ['ok', 'partial', 'no_text_layer', 'unsupported', 'empty'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];
export type FileKind = 'txt' | 'docx' | 'pdf' | 'other';

export interface ExtractedText {
  kind: FileKind;
  mediaType: string;
  text: string;
  status: TextStatus;
  /** Why the text is partial or missing (English, for logs and details; the UI words it from the status). */
  note: string | null;
}

/** Largest file accepted (base64 in JSON, so the request is about 4/3 of it). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

function decodeText(data: Buffer): string | null {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  if (data.includes(0)) return null; // binary
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    // Not UTF-8: Vietnamese text saved by older Windows tools is in code page 1258.
    try {
      return new TextDecoder('windows-1258').decode(data);
    } catch {
      return data.toString('latin1');
    }
  }
}

const tidy = (s: string): string => normalizeUnicode(s.replace(/\r\n?/g, '\n')).replace(/^\ufeff/, '');

export function kindOf(fileName: string, data: Buffer): FileKind {
  if (data.subarray(0, 1024).toString('latin1').includes('%PDF-')) return 'pdf';
  if (data.length > 4 && data.readUInt32LE(0) === 0x04034b50) return 'docx';
  if (data.length > 8 && data.readUInt32BE(0) === 0xd0cf11e0) return 'other'; // legacy .doc (OLE)
  if (/\.(txt|text|md)$/i.test(fileName) || !data.subarray(0, 4096).includes(0)) return 'txt';
  return 'other';
}

export function extractText(fileName: string, data: Buffer): ExtractedText {
  const kind = kindOf(fileName, data);
  if (kind === 'pdf') {
    const r = readPdfText(data);
    const text = tidy(r.text);
    return { kind, mediaType: 'application/pdf', text, status: r.status, note: r.note };
  }
  if (kind === 'docx') {
    try {
      const text = tidy(readDocxText(data));
      return { kind, mediaType: DOCX_MEDIA_TYPE, text, status: text.trim() ? 'ok' : 'empty', note: null };
    } catch (e) {
      return { kind: 'other', mediaType: 'application/zip', text: '', status: 'unsupported', note: e instanceof DocxError ? e.message : 'unreadable DOCX' };
    }
  }
  if (kind === 'txt') {
    const decoded = decodeText(data);
    if (decoded === null) return { kind: 'other', mediaType: 'application/octet-stream', text: '', status: 'unsupported', note: 'binary file' };
    const text = tidy(decoded);
    return { kind, mediaType: 'text/plain; charset=utf-8', text, status: text.trim() ? 'ok' : 'empty', note: null };
  }
  const legacyDoc = data.length > 8 && data.readUInt32BE(0) === 0xd0cf11e0;
  return {
    kind, mediaType: legacyDoc ? 'application/msword' : 'application/octet-stream', text: '', status: 'unsupported',
    note: legacyDoc ? 'a legacy Word .doc file: save it as DOCX or PDF' : 'not a TXT, DOCX or PDF file',
  };
}
