// Create (/people/new) or edit (/people/:id/edit) a person. Client validation uses the shared PersonInput schema;
// server 400 field errors are shown under the same inputs. While a new person is typed, possible duplicates
// are looked up; a 409 on create lists the candidates and, for a mere possible duplicate, offers "Create anyway".
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DuplicateCandidate, PersonDetail, PersonInput } from '../../contracts/people.ts';
import { api, ApiError, candidatesOf, fieldErrorsOf } from '../api.ts';
import { useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import {
  duplicateCheckBody, emptyPersonForm, formErrorsFromServer, PERSON_FIELDS, personToForm, validatePersonForm,
  type FieldErrors, type PersonField, type PersonFormValues,
} from '../lib/personForm.ts';
import { usePurpose } from '../lib/purpose.ts';
import { useCommunes } from '../lib/reference.ts';
import { DuplicateList } from '../components/DuplicateList.tsx';
import { PageHeader } from '../components/Page.tsx';
import { fieldId, PersonFormFields } from '../components/PersonFormFields.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';
import { fetchPerson, personKey } from './PersonPage.tsx';

interface Conflict {
  code: string;
  candidates: DuplicateCandidate[];
  data: PersonInput;
}

function focusFirst(errors: FieldErrors): void {
  const first = PERSON_FIELDS.find((f) => errors[f]);
  if (first) document.getElementById(fieldId(first))?.focus();
}

export function PersonFormPage(): ReactNode {
  const { id } = useParams();
  const editing = id !== undefined;
  const { t, msg } = useI18n();
  const me = useUser();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const communes = useCommunes();
  const purpose = usePurpose();
  // The record is read once, for the purpose declared when the form opened: changing the purpose while editing
  // must not reload it (that would also pick up a newer version and hide a concurrent edit).
  const [readPurpose] = useState(purpose);

  // ---- data
  const person = useQuery({
    queryKey: personKey(id ?? 'new', readPurpose),
    queryFn: ({ signal }) => fetchPerson(id ?? '', readPurpose, signal),
    enabled: editing,
  });
  const [values, setValues] = useState<PersonFormValues | null>(editing ? null : emptyPersonForm());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  useEffect(() => {
    if (editing && person.data && values === null) setValues(personToForm(person.data));
  }, [editing, person.data, values]);

  // A new person starts in the user's first commune (or the province's first) so the form is quick to fill.
  const scope = me.areaScope === 'communes' ? me.areaCommunes : undefined;
  const communeOptions = communes.optionsFor(values?.communeCode ? [values.communeCode] : [], scope);
  const defaultCommune = communeOptions[0]?.value ?? '';
  useEffect(() => {
    if (!editing && defaultCommune) setValues((v) => (v && v.communeCode === '' ? { ...v, communeCode: defaultCommune } : v));
  }, [editing, defaultCommune]);

  // Possible duplicates while typing (create only), debounced.
  const dupBody = !editing && values ? duplicateCheckBody(values) : null;
  const [dupKey] = useDebouncedValue(JSON.stringify(dupBody), 400);
  const duplicates = useQuery({
    queryKey: ['people', 'duplicates', dupKey],
    queryFn: ({ signal }) =>
      api.post<{ items: DuplicateCandidate[] }>('/api/people/duplicates', JSON.parse(dupKey) as unknown, { signal }),
    enabled: !editing && dupKey !== 'null',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  const liveCandidates = dupKey !== 'null' ? (duplicates.data?.items ?? []) : [];

  const save = useMutation({
    mutationFn: (v: { data: PersonInput; confirm: boolean }) => {
      const { confirmNotDuplicate: _ignored, ...fields } = v.data;
      if (editing) return api.put<PersonDetail>(`/api/people/${encodeURIComponent(id)}`, { ...fields, version: person.data?.version });
      return api.post<PersonDetail>('/api/people', v.confirm ? { ...fields, confirmNotDuplicate: true } : fields);
    },
    onSuccess: (p) => {
      qc.setQueriesData({ queryKey: personKey(p.id) }, p); // its reads cached for any purpose
      qc.setQueryData(personKey(p.id, purpose), p); // the record page opened next
      void qc.invalidateQueries({ queryKey: ['people', 'list'] });
      void qc.invalidateQueries({ queryKey: ['people', 'count'] });
      navigate(`/people/${p.id}`);
    },
    onError: (err, v) => {
      if (!(err instanceof ApiError)) return;
      if (err.status === 400) {
        const split = formErrorsFromServer(fieldErrorsOf(err));
        setErrors(split.errors);
        setOtherErrors(split.other);
        focusFirst(split.errors);
      } else if (err.code === 'person.duplicate_id' || err.code === 'person.possible_duplicate') {
        setConflict({ code: err.code, candidates: candidatesOf<DuplicateCandidate>(err), data: v.data });
      }
    },
  });

  const onChange = <K extends PersonField>(field: K, value: PersonFormValues[K]) => {
    setValues((v) => (v ? { ...v, [field]: value } : v));
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
    setConflict(null); // the candidates were for what was submitted; the live check takes over
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!values) return;
    setConflict(null);
    setOtherErrors([]);
    const result = validatePersonForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      focusFirst(result.errors);
      return;
    }
    setErrors({});
    save.mutate({ data: result.data, confirm: false });
  };

  const reload = async () => {
    const fresh = await person.refetch();
    if (fresh.data) setValues(personToForm(fresh.data));
    save.reset();
  };

  if (editing && person.isPending) return <Loading />;
  if (editing && person.isError) return <ErrorAlert error={person.error} onRetry={() => void person.refetch()} />;
  if (!values) return <Loading />;

  const hasFieldErrors = Object.values(errors).some(Boolean);
  const plainError =
    save.error && !(save.error instanceof ApiError && (save.error.status === 400 || conflict !== null)) ? save.error : null;
  const title = editing ? t('person.editTitle', { name: person.data?.fullName ?? '' }) : t('person.newTitle');

  // ---- layout
  return (
    <Stack gap="md" maw={900}>
      <PageHeader title={title} />

      {(hasFieldErrors || otherErrors.length > 0) && (
        <Notice color="red" title={`⚠ ${t('person.fixErrors')}`}>
          {otherErrors.map((c) => (
            <Text key={c} size="sm">
              {msg(c)}
            </Text>
          ))}
        </Notice>
      )}
      <ErrorAlert error={plainError}>
        {plainError instanceof ApiError && plainError.code === 'person.version_conflict' && (
          <Button size="xs" variant="outline" mt="xs" onClick={() => void reload()}>
            {t('person.reload')}
          </Button>
        )}
      </ErrorAlert>

      {conflict && (
        <Notice color="orange" title={`⚠ ${msg(conflict.code)}`}>
          <DuplicateList items={conflict.candidates} nameOf={communes.nameOf} newTab />
          {conflict.code === 'person.possible_duplicate' && (
            <Button
              mt="sm"
              variant="outline"
              color="orange"
              loading={save.isPending}
              onClick={() => save.mutate({ data: conflict.data, confirm: true })}
            >
              {t('person.createAnyway')}
            </Button>
          )}
        </Notice>
      )}

      <Card withBorder component="form" onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <PersonFormFields values={values} errors={errors} communeOptions={communeOptions} onChange={onChange} />
          {!conflict && liveCandidates.length > 0 && (
            <Notice color="yellow" kind="status" title={`⚠ ${t('person.possibleDuplicates')}`}>
              <Text size="sm" mb="xs">
                {t('person.possibleDuplicatesHint')}
              </Text>
              <DuplicateList items={liveCandidates} nameOf={communes.nameOf} newTab />
            </Notice>
          )}
          <Group gap="sm">
            <Button type="submit" loading={save.isPending && !conflict}>
              {t('person.save')}
            </Button>
            <Button component={Link} to={editing ? `/people/${id}` : '/people'} variant="default">
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
