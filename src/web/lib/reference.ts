// Reference data shared by many pages: communes of the province and agencies. Loaded once per session.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AdminUnit, Agency } from '../../contracts/reference.ts';
import { api } from '../api.ts';

export type AgencyT = z.infer<typeof Agency>;

export interface Option {
  value: string;
  label: string;
}

const ONE_HOUR = 60 * 60 * 1000;

/** True when the unit is valid today (not retired by a merger). */
export function isCurrent(u: AdminUnit, today = new Date().toISOString().slice(0, 10)): boolean {
  return u.validTo === null || u.validTo > today;
}

export function useCommunes() {
  const query = useQuery({
    queryKey: ['reference', 'communes'],
    queryFn: () => api.get<{ items: AdminUnit[] }>('/api/reference/communes'),
    staleTime: ONE_HOUR,
  });
  const items = query.data?.items;
  const derived = useMemo(() => {
    const all = items ?? [];
    const byCode = new Map(all.map((u) => [u.code, u]));
    const options: Option[] = all
      .filter((u) => isCurrent(u))
      .map((u) => ({ value: u.code, label: u.name }))
      .sort((a, b) => a.label.localeCompare(b.label, 'vi'));
    const nameOf = (code: string | null | undefined): string => (code ? (byCode.get(code)?.name ?? code) : '');
    /** Options for a select; keeps `selected` visible even when it is retired or outside `only`. */
    const optionsFor = (selected: readonly string[] = [], only?: readonly string[]): Option[] => {
      const base = only && only.length > 0 ? options.filter((o) => only.includes(o.value)) : options;
      const missing = selected.filter((c) => c && !base.some((o) => o.value === c));
      return [...base, ...missing.map((c) => ({ value: c, label: nameOf(c) }))];
    };
    return { all, options, nameOf, optionsFor };
  }, [items]);
  return { query, ...derived };
}

export function useAgencies() {
  return useQuery({
    queryKey: ['reference', 'agencies'],
    queryFn: () => api.get<{ items: AgencyT[] }>('/api/reference/agencies'),
    staleTime: ONE_HOUR,
  });
}

/**
 * Props for a Mantine Select/MultiSelect so that its label names only the input. Mantine keeps the (hidden)
 * option list in the page labelled by the same label, so getByLabel('Xã/phường') in a browser test would find
 * two elements; the label gets its own id and the list keeps its combobox relation to the input instead.
 */
export function selectLabelProps(id: string): { id: string; labelProps: { id: string } } {
  return { id, labelProps: { id: `${id}-label-only` } };
}
