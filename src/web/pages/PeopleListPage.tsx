// People registry: search (name, ID number, phone), filters, paged results. The search and filters live in
// the URL (?q=&commune=&sex=&birthYear=&page=) so a result list can be bookmarked, shared and revisited.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Anchor, Button, Group, NativeSelect, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PersonSummary } from '../../contracts/people.ts';
import { api, buildQuery } from '../api.ts';
import { useCan, useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { usePurpose } from '../lib/purpose.ts';
import { selectLabelProps, useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';

const PAGE_SIZE = 20;
const MAX_PAGE = 10_000;

interface SearchResult {
  items: PersonSummary[];
  page: number;
  pageSize: number;
  total: number;
  totalIsEstimate: boolean;
}

type Filters = { q: string; commune: string; sex: string; birthYear: string; page: string };

export function PeopleListPage(): ReactNode {
  const { t, num } = useI18n();
  const me = useUser();
  const canWrite = useCan('person.write');
  const communes = useCommunes();
  const purpose = usePurpose();
  const [params, setParams] = useSearchParams();

  // ---- URL state
  const q = params.get('q') ?? '';
  const commune = params.get('commune') ?? '';
  const sex = params.get('sex') === 'male' || params.get('sex') === 'female' ? (params.get('sex') as string) : '';
  const birthYear = /^\d{4}$/.test(params.get('birthYear') ?? '') ? (params.get('birthYear') as string) : '';
  const page = Math.min(MAX_PAGE, Math.max(1, Math.trunc(Number(params.get('page'))) || 1));

  /** Changes some filters; any change other than the page itself goes back to page 1. */
  const update = (changes: Partial<Filters>, replace = true) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace },
    );
  };

  // ---- search box: typed text is debounced into ?q=, Enter applies it at once
  const [text, setText] = useState(q);
  const [debouncedText] = useDebouncedValue(text, 400);
  const pushed = useRef(q);
  useEffect(() => {
    if (q !== pushed.current) {
      pushed.current = q; // changed from outside (back button, link)
      setText(q);
    }
  }, [q]);
  useEffect(() => {
    const v = debouncedText.trim();
    if (v !== pushed.current) {
      pushed.current = v;
      update({ q: v });
    }
  }, [debouncedText]); // only typed text triggers this

  // ---- birth year: applied when it is empty or 4 digits
  const [yearText, setYearText] = useState(birthYear);
  const [debouncedYear] = useDebouncedValue(yearText, 400);
  const yearValid = /^\d{4}$/.test(debouncedYear.trim()) || debouncedYear.trim() === '';
  useEffect(() => {
    const v = debouncedYear.trim();
    if (yearValid && v !== birthYear) update({ birthYear: v });
  }, [debouncedYear]); // only typed text triggers this
  useEffect(() => setYearText((y) => (y.trim() === birthYear ? y : birthYear)), [birthYear]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    pushed.current = v;
    const y = yearText.trim();
    update({ q: v, ...(/^\d{4}$/.test(y) || y === '' ? { birthYear: y } : {}) }, false);
  };

  const clearAll = () => {
    pushed.current = '';
    setText('');
    setYearText('');
    setParams(new URLSearchParams(), { replace: true });
  };

  // ---- data (the declared purpose is part of the key: a new purpose is a new, audited read)
  const query = useQuery({
    queryKey: ['people', 'list', { q, commune, sex, birthYear, page, purpose }],
    queryFn: ({ signal }) =>
      api.get<SearchResult>(
        `/api/people${buildQuery({ q, commune, sex, birthYear, page, pageSize: PAGE_SIZE, purpose })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const pages = data ? Math.min(MAX_PAGE, Math.max(1, Math.ceil(data.total / PAGE_SIZE))) : 1;
  const hasFilters = q !== '' || commune !== '' || sex !== '' || birthYear !== '' || text !== '' || yearText !== '';
  const communeOptions = communes.optionsFor(commune ? [commune] : [], me.areaScope === 'communes' ? me.areaCommunes : undefined);

  // ---- layout
  return (
    <Stack gap="sm">
      <PageHeader title={t('people.title')}>
        {canWrite && (
          <Button component={Link} to="/people/new">
            + {t('people.add')}
          </Button>
        )}
      </PageHeader>

      <form role="search" onSubmit={onSubmit} noValidate>
        <Stack gap="xs">
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              type="search"
              label={t('people.search')}
              placeholder={t('people.searchPlaceholder')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              style={{ flex: 1 }}
              maxLength={100}
            />
            <Button type="submit">{t('people.searchButton')}</Button>
          </Group>
          <Group align="flex-end" gap="xs">
            <Select
              {...selectLabelProps('people-commune')}
              label={t('person.commune')}
              placeholder={t('people.anyCommune')}
              data={communeOptions}
              value={commune || null}
              onChange={(v) => update({ commune: v ?? '' })}
              searchable
              clearable
              nothingFoundMessage={t('people.noResults')}
              w={{ base: '100%', xs: 240 }}
            />
            <NativeSelect
              label={t('person.sex')}
              value={sex}
              onChange={(e) => update({ sex: e.currentTarget.value })}
              data={[
                { value: '', label: t('people.anySex') },
                { value: 'male', label: t('sex.male') },
                { value: 'female', label: t('sex.female') },
              ]}
              w={130}
            />
            <TextInput
              label={t('person.birthYear')}
              value={yearText}
              onChange={(e) => setYearText(e.currentTarget.value)}
              inputMode="numeric"
              maxLength={4}
              w={110}
              error={yearValid ? null : t('people.birthYearInvalid')}
            />
            {hasFilters && (
              <Button variant="subtle" onClick={clearAll}>
                {t('common.clearFilters')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>

      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />

      <Text size="sm" role="status" aria-live="polite" c="dimmed">
        {data ? t('people.total', { n: `${data.totalIsEstimate ? '≈ ' : ''}${num(data.total)}` }) : ''}
      </Text>

      {query.isPending ? (
        <Loading />
      ) : data && data.items.length === 0 ? (
        <Text py="md">{t('people.noResults')}</Text>
      ) : data ? (
        <PeopleTable items={data.items} nameOf={communes.nameOf} busy={query.isFetching} />
      ) : null}

      {data && pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={(p) => update({ page: p === 1 ? '' : String(p) }, false)}
          size="sm"
          siblings={1}
          aria-label={t('pagination.label')}
          getItemProps={(p) => ({ 'aria-label': t('pagination.page', { page: p }) })}
          getControlProps={(c) => ({ 'aria-label': t(`pagination.${c}`) })}
        />
      )}
    </Stack>
  );
}

function PeopleTable(props: { items: PersonSummary[]; nameOf: (code: string) => string; busy: boolean }): ReactNode {
  const { t } = useI18n();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing={6} fz="sm" aria-busy={props.busy} style={{ opacity: props.busy ? 0.7 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('person.fullName')}</Table.Th>
            <Table.Th>{t('person.birthYear')}</Table.Th>
            <Table.Th>{t('person.sex')}</Table.Th>
            <Table.Th>{t('person.idNumber')}</Table.Th>
            <Table.Th>{t('person.phone')}</Table.Th>
            <Table.Th>{t('person.commune')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} to={`/people/${p.id}`} fw={500}>
                  {p.fullName}
                </Anchor>
              </Table.Td>
              <Table.Td>{p.birthYear ?? t('common.none')}</Table.Td>
              <Table.Td>{p.sex ? t(`sex.${p.sex}`) : t('common.none')}</Table.Td>
              <Table.Td className="pd-nowrap">
                {p.idNumber ? `${p.idType ? t(`idType.${p.idType}`) + ' ' : ''}${p.idNumber}` : t('common.none')}
              </Table.Td>
              <Table.Td className="pd-nowrap">{p.phone ?? t('common.none')}</Table.Td>
              <Table.Td>{p.communeName ?? props.nameOf(p.communeCode)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
