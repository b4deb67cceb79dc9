// Record a case (/tracing/cases/new): pick the person from the registry (searched as the officer types), give
// the case code and the dates. Client checks mirror the shared CaseCreate schema; server errors (400 fields,
// 409 code taken / person already a case) are shown under the inputs. On success the case page opens.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PersonSummary } from '../../contracts/people.ts';
import type { CaseCreated } from '../../contracts/tracing.ts';
import { api, ApiError, buildQuery, fieldErrorsOf } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { usePurpose } from '../lib/purpose.ts';
import { selectLabelProps, useCommunes } from '../lib/reference.ts';
import {
  CASE_FIELDS, caseErrorsFromServer, emptyCaseForm, validateCaseForm, type CaseField, type CaseFieldErrors, type CaseFormValues,
} from '../lib/tracing.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Notice } from '../components/Status.tsx';
import { tracingKeys } from './TracingPage.tsx';

type CaseCreatedT = z.infer<typeof CaseCreated>;

const caseFieldId = (f: CaseField) => `case-${f}`;

function focusFirst(errors: CaseFieldErrors): void {
  const first = CASE_FIELDS.find((f) => errors[f]);
  if (first) document.getElementById(caseFieldId(first))?.focus();
}

export function CaseFormPage(): ReactNode {
  const { t, msg } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const purpose = usePurpose();
  const communes = useCommunes();
  const [values, setValues] = useState<CaseFormValues>(emptyCaseForm);
  const [errors, setErrors] = useState<CaseFieldErrors>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);

  // ---- person picker: the registry search, debounced; the picked person stays among the options
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<PersonSummary | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), 350);
  const pickedLabel = picked ? personLabel(picked, communes.nameOf) : null;
  const searching = debounced.length >= 2 && debounced !== pickedLabel;
  const people = useQuery({
    queryKey: ['people', 'list', { q: debounced, page: 1, purpose, picker: true }],
    queryFn: ({ signal }) =>
      api.get<{ items: PersonSummary[] }>(`/api/people${buildQuery({ q: debounced, page: 1, pageSize: 20, purpose })}`, { signal }),
    enabled: searching,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const found = searching ? (people.data?.items ?? []) : [];
  const byId = new Map<string, PersonSummary>();
  if (picked) byId.set(String(picked.id), picked);
  for (const p of found) byId.set(String(p.id), p);
  const personOptions = [...byId.values()].map((p) => ({ value: String(p.id), label: personLabel(p, communes.nameOf) }));

  const set = <K extends CaseField>(field: K, value: CaseFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  };

  const save = useMutation({
    mutationFn: (body: unknown) => api.post<CaseCreatedT>('/api/tracing/cases', body),
    onSuccess: (out) => {
      void qc.invalidateQueries({ queryKey: tracingKeys.all });
      qc.setQueryData(tracingKeys.case(out.case.id, purpose), out.case);
      navigate(`/tracing/cases/${out.case.id}`);
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      const split = caseErrorsFromServer(err.code, err.status === 400 ? fieldErrorsOf(err) : {});
      if (Object.keys(split.errors).length === 0 && split.other.length === 0) return; // shown as a plain error
      setErrors(split.errors);
      setOtherErrors(split.other);
      focusFirst(split.errors);
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setOtherErrors([]);
    const result = validateCaseForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirst(result.errors);
      return;
    }
    setErrors({});
    save.mutate(result.body);
  };

  const err = (f: CaseField) => (errors[f] ? msg(errors[f]) : null);
  const hasFieldErrors = Object.values(errors).some(Boolean);
  const plainError = save.error && !hasFieldErrors && otherErrors.length === 0 ? save.error : null;
  const now = new Date();
  const maxLocal = `${now.getFullYear()}-12-31T23:59`;

  return (
    <Stack gap="md" maw={900}>
      <PageHeader title={t('tracing.form.title')} />

      {(hasFieldErrors || otherErrors.length > 0) && (
        <Notice color="red" title={`⚠ ${t('person.fixErrors')}`}>
          {otherErrors.map((c) => (
            <Text key={c} size="sm">
              {msg(c)}
            </Text>
          ))}
        </Notice>
      )}
      <ErrorAlert error={plainError} />

      <Card withBorder component="form" onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Select
            {...selectLabelProps(caseFieldId('personId'))}
            label={t('tracing.form.person')}
            description={t('tracing.form.personHint')}
            placeholder={t('tracing.form.personPlaceholder')}
            required
            searchable
            clearable
            data={personOptions}
            value={values.personId === null ? null : String(values.personId)}
            onChange={(v) => {
              const p = v ? (byId.get(v) ?? null) : null;
              setPicked(p);
              set('personId', p ? p.id : null);
            }}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage={
              search.trim().length < 2 ? t('tracing.form.typeMore') : people.isFetching ? t('common.loading') : t('people.noResults')
            }
            error={err('personId')}
            maxDropdownHeight={280}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <TextInput
              id={caseFieldId('code')}
              label={t('tracing.form.code')}
              description={t('tracing.form.codeHint')}
              value={values.code}
              onChange={(e) => set('code', e.currentTarget.value.toUpperCase())}
              required
              maxLength={13}
              autoComplete="off"
              error={err('code')}
            />
            <TextInput
              id={caseFieldId('confirmedAt')}
              type="datetime-local"
              label={t('tracing.form.confirmedAt')}
              value={values.confirmedAt}
              onChange={(e) => set('confirmedAt', e.currentTarget.value)}
              required
              max={maxLocal}
              error={err('confirmedAt')}
            />
            <TextInput
              id={caseFieldId('onsetDate')}
              type="date"
              label={t('tracing.form.onsetDate')}
              value={values.onsetDate}
              onChange={(e) => set('onsetDate', e.currentTarget.value)}
              error={err('onsetDate')}
            />
            <TextInput
              id={caseFieldId('sampledAt')}
              type="datetime-local"
              label={t('tracing.form.sampledAt')}
              value={values.sampledAt}
              onChange={(e) => set('sampledAt', e.currentTarget.value)}
              max={maxLocal}
              error={err('sampledAt')}
            />
            <TextInput
              id={caseFieldId('treatmentPlace')}
              label={t('tracing.form.treatmentPlace')}
              value={values.treatmentPlace}
              onChange={(e) => set('treatmentPlace', e.currentTarget.value)}
              maxLength={300}
              error={err('treatmentPlace')}
            />
          </SimpleGrid>
          <Group gap="sm">
            <Button type="submit" loading={save.isPending}>
              {t('tracing.form.save')}
            </Button>
            <Button component={Link} to="/tracing" variant="default">
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}

/** 'Nguyễn Văn An · 1990 · Phường X' — enough to tell namesakes apart. */
function personLabel(p: PersonSummary, nameOf: (code: string) => string): string {
  const parts = [p.fullName];
  if (p.birthYear) parts.push(String(p.birthYear));
  const commune = p.communeName ?? nameOf(p.communeCode);
  if (commune) parts.push(commune);
  return `${parts.join(' · ')} (#${p.id})`;
}
