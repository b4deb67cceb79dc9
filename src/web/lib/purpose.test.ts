// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { en, vi } from '../i18n.ts';
import { DEFAULT_PURPOSE, isPurpose, loadPurpose, parsePurpose, PURPOSE_STORAGE_KEY, PURPOSES, savePurpose } from './purpose.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

const broken = {
  getItem: (): string | null => {
    throw new Error('SecurityError');
  },
  setItem: (): void => {
    throw new Error('QuotaExceededError');
  },
};

describe('access purpose', () => {
  it('defaults to the registry', () => {
    expect(DEFAULT_PURPOSE).toBe('registry');
    expect(PURPOSES).toContain(DEFAULT_PURPOSE);
  });

  it('accepts exactly the purposes of the contract', () => {
    for (const p of PURPOSES) {
      expect(isPurpose(p)).toBe(true);
      expect(parsePurpose(p)).toBe(p);
    }
    for (const bad of [null, undefined, '', 'Tracing', 'marketing', 1, {}]) {
      expect(isPurpose(bad)).toBe(false);
      expect(parsePurpose(bad)).toBe('registry');
    }
  });

  it('has a label for every purpose in both languages', () => {
    for (const p of PURPOSES) {
      expect(vi[`purpose.${p}`]).toBeTruthy();
      expect(en[`purpose.${p}`]).toBeTruthy();
    }
    expect(vi['purpose.label']).toBe('Mục đích truy cập');
    expect(en['purpose.label']).toBe('Access purpose');
  });

  it('remembers the choice in storage', () => {
    const s = memoryStorage();
    expect(loadPurpose(s)).toBe('registry');
    savePurpose('quarantine', s);
    expect(s.data.get(PURPOSE_STORAGE_KEY)).toBe('quarantine');
    expect(loadPurpose(s)).toBe('quarantine');
  });

  it('ignores an unknown stored value and unavailable storage', () => {
    expect(loadPurpose(memoryStorage({ [PURPOSE_STORAGE_KEY]: 'spying' }))).toBe('registry');
    expect(loadPurpose(undefined)).toBe('registry');
    expect(loadPurpose(broken)).toBe('registry');
    expect(() => savePurpose('audit', broken)).not.toThrow();
    expect(() => savePurpose('audit', undefined)).not.toThrow();
  });
});
