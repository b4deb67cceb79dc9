// Drafts (/directives/drafts): directives and conclusion notices composed in the app, drafts first.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Card, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { dirKeys, useDirT, type DraftListT } from '../lib/directives.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';
import { DirectiveNav } from '../components/DirectiveNav.tsx';

export function DirectiveDraftsPage(): ReactNode {
  const dt = useDirT();
  const { dateTime } = useI18n();
  const drafts = useQuery({ queryKey: dirKeys.drafts, queryFn: ({ signal }) => api.get<DraftListT>('/api/directives/drafts', { signal }) });
  return (
    <Stack gap="sm">
      <PageHeader title={dt('dir.drafts.title')}>
        <Button component={Link} to="/directives/drafts/new">{dt('dir.drafts.new')}</Button>
      </PageHeader>
      <DirectiveNav />
      <ErrorAlert error={drafts.error} onRetry={() => void drafts.refetch()} />
      {drafts.isPending ? <Loading /> : drafts.data && (
        <Card withBorder p={0}>
          {drafts.data.items.length === 0 ? <Text p="md">{dt('dir.drafts.none')}</Text> : (
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{dt('dir.col.subject')}</Table.Th>
                  <Table.Th>{dt('dir.draft.docType')}</Table.Th>
                  <Table.Th>{dt('dir.col.status')}</Table.Th>
                  <Table.Th>{dt('dir.col.date')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {drafts.data.items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td><Anchor component={Link} to={`/directives/drafts/${d.id}`}>{d.subject || `#${d.id}`}</Anchor></Table.Td>
                    <Table.Td>{d.docType}</Table.Td>
                    <Table.Td>
                      {d.status === 'issued' && d.documentId
                        ? <Anchor component={Link} to={`/directives/documents/${d.documentId}`}><Badge color="green" variant="light">{dt('dir.drafts.issuedAs', { symbol: d.symbol ?? '' })}</Badge></Anchor>
                        : <Badge variant="light">{dt('dir.drafts.draft')}</Badge>}
                    </Table.Td>
                    <Table.Td>{dateTime(d.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      )}
    </Stack>
  );
}
