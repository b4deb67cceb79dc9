// The document registry (/directives): incoming and outgoing documents, newest first, searched by number,
// subject and text without diacritics; each row shows its open and overdue tasks.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Anchor, Badge, Button, Card, Group, Pagination, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, buildQuery } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { dirKeys, useDirT, type DocumentListT } from '../lib/directives.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';
import { DirectiveNav } from '../components/DirectiveNav.tsx';

const PAGE = 50;

export function DocumentListPage(): ReactNode {
  const dt = useDirT();
  const { date, num } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const direction = params.get('direction') === 'incoming' || params.get('direction') === 'outgoing' ? params.get('direction')! : '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [typed, setTyped] = useState(q);

  const update = (changes: Record<string, string>) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    if (!('page' in changes)) next.delete('page');
    return next;
  });
  const query = { q, direction, page, pageSize: PAGE };
  const list = useQuery({
    queryKey: dirKeys.documents(query),
    queryFn: ({ signal }) => api.get<DocumentListT>(`/api/directives/documents${buildQuery(query)}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: typed.trim() });
  };

  return (
    <Stack gap="sm">
      <PageHeader title={dt('dir.docs.title')} />
      <DirectiveNav />
      <Card withBorder>
        <Group component="form" onSubmit={onSearch} align="flex-end" gap="sm" role="search">
          <TextInput label={dt('dir.docs.search')} description={dt('dir.docs.searchHint')} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} style={{ flex: 1, minWidth: 240 }} />
          <Button type="submit">{dt('dir.docs.searchButton')}</Button>
          <SegmentedControl
            aria-label={dt('dir.docs.direction')}
            value={direction || 'all'}
            onChange={(v) => update({ direction: v === 'all' ? '' : v })}
            data={[{ value: 'all', label: dt('dir.docs.all') }, { value: 'incoming', label: dt('dir.docs.incoming') }, { value: 'outgoing', label: dt('dir.docs.outgoing') }]}
          />
        </Group>
      </Card>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? <Loading /> : list.data ? (
        <Card withBorder p={0}>
          <Text size="sm" c="dimmed" p="xs" role="status" aria-live="polite">{dt('dir.docs.total', { n: num(list.data.total) })}</Text>
          {list.data.items.length === 0 ? <Text p="md">{dt('dir.docs.none')}</Text> : (
            <Table.ScrollContainer minWidth={760}>
              <Table striped highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{dt('dir.col.arrival')}</Table.Th>
                    <Table.Th>{dt('dir.col.symbol')}</Table.Th>
                    <Table.Th>{dt('dir.col.date')}</Table.Th>
                    <Table.Th>{dt('dir.col.issuer')}</Table.Th>
                    <Table.Th>{dt('dir.col.subject')}</Table.Th>
                    <Table.Th>{dt('dir.col.tasks')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>
                        {d.direction === 'incoming' ? (
                          <Text size="sm" className="pd-nowrap">{d.arrivalNumber} · {date(d.arrivalDate)}</Text>
                        ) : <Badge variant="light" color="grape">{dt('dir.docs.outgoing')}</Badge>}
                      </Table.Td>
                      <Table.Td className="pd-nowrap">{d.symbol ?? dt('dir.noNumber')}</Table.Td>
                      <Table.Td className="pd-nowrap">{date(d.docDate)}</Table.Td>
                      <Table.Td>{d.issuer}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/directives/documents/${d.id}`}>{d.subject ?? d.docType ?? dt('dir.noSubject')}</Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {d.openTaskCount > 0 && <Badge variant="light">{dt('dir.tasksOpen', { n: d.openTaskCount })}</Badge>}
                          {d.overdueTaskCount > 0 && <Badge color="red">{dt('dir.tasksOverdue', { n: d.overdueTaskCount })}</Badge>}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {list.data.total > PAGE && (
            <Group justify="center" p="sm">
              <Pagination total={Math.ceil(list.data.total / PAGE)} value={page} onChange={(p) => update({ page: String(p) })} />
            </Group>
          )}
        </Card>
      ) : null}
    </Stack>
  );
}
