// Contact tracing: the cases (F0) the user may see, with their F1/F2 counts, and the crowded venue stays the
// tracer held back for an officer's review ("Quá rộng — cần xem xét"). Recording a case is on its own page.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CaseSummary, ReviewView } from '../../contracts/tracing.ts';
import { api, buildQuery } from '../api.ts';
import { useCan } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { formatDateTimeMinutes } from '../lib/format.ts';
import { usePurpose, type Purpose } from '../lib/purpose.ts';
import { useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';

type CaseSummaryT = z.infer<typeof CaseSummary>;
type ReviewT = z.infer<typeof ReviewView>;

/** Query keys of the tracing reads; ['tracing'] is the prefix of them all (invalidated after any write). */
export const tracingKeys = {
  all: ['tracing'] as const,
  cases: (purpose: Purpose) => ['tracing', 'cases', purpose] as const,
  case: (id: string | number, purpose: Purpose) => ['tracing', 'case', String(id), purpose] as const,
  reviews: ['tracing', 'reviews'] as const,
};

export function TracingPage(): ReactNode {
  const { t, num } = useI18n();
  const canWrite = useCan('tracing.write');
  const communes = useCommunes();
  const purpose = usePurpose();

  const cases = useQuery({
    queryKey: tracingKeys.cases(purpose),
    queryFn: ({ signal }) => api.get<{ items: CaseSummaryT[] }>(`/api/tracing/cases${buildQuery({ purpose })}`, { signal }),
  });
  const reviews = useQuery({
    queryKey: tracingKeys.reviews,
    queryFn: ({ signal }) => api.get<{ items: ReviewT[] }>('/api/tracing/reviews', { signal }),
  });
  const open = (reviews.data?.items ?? []).filter((r) => r.status === 'open');
  const qc = useQueryClient();
  // Accepting classifies the people who were there (the server retraces); dismissing takes it off the queue.
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: number; decision: 'accept' | 'dismiss' }) => api.post(`/api/tracing/reviews/${id}/decision`, { decision }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tracingKeys.all }),
  });

  return (
    <Stack gap="md">
      <PageHeader title={t('tracing.title')}>
        <Button variant="default" component={Link} to="/tracing/work">{t('tracing.work')}</Button>
        <Button variant="default" component={Link} to="/tracing/chains">{t('tracing.chains')}</Button>
        {canWrite && (
          <Button component={Link} to="/tracing/cases/new">
            + {t('tracing.add')}
          </Button>
        )}
      </PageHeader>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('tracing.cases')}
        </Title>
        <ErrorAlert error={cases.error} onRetry={() => void cases.refetch()} />
        {cases.isPending ? (
          <Loading />
        ) : cases.data && cases.data.items.length === 0 ? (
          <Text size="sm">{t('tracing.noCases')}</Text>
        ) : cases.data ? (
          <>
            <Text size="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
              {t('tracing.total', { n: num(cases.data.items.length) })}
            </Text>
            <CaseTable items={cases.data.items} nameOf={communes.nameOf} />
          </>
        ) : null}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('tracing.reviews')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('tracing.reviewsHint')}
        </Text>
        <ErrorAlert error={reviews.error} onRetry={() => void reviews.refetch()} />
        {reviews.isPending ? (
          <Loading />
        ) : reviews.data && open.length === 0 ? (
          <Text size="sm">{t('tracing.noReviews')}</Text>
        ) : reviews.data ? (
          <Table.ScrollContainer minWidth={520}>
            <Table striped verticalSpacing={6} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tracing.venue')}</Table.Th>
                  <Table.Th>{t('tracing.window')}</Table.Th>
                  <Table.Th>{t('tracing.candidates')}</Table.Th>
                  {canWrite && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {open.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      {r.venueName} <Text span c="dimmed" size="xs">#{r.venueId}</Text>
                    </Table.Td>
                    <Table.Td className="pd-nowrap">
                      {formatDateTimeMinutes(r.windowFrom)} – {formatDateTimeMinutes(r.windowTo)}
                    </Table.Td>
                    <Table.Td>{num(r.candidates)}</Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="xs" variant="light" loading={decide.isPending && decide.variables?.id === r.id} onClick={() => decide.mutate({ id: r.id, decision: 'accept' })}>
                            {t('tracing.review.accept')}
                          </Button>
                          <Button size="xs" variant="subtle" color="gray" onClick={() => decide.mutate({ id: r.id, decision: 'dismiss' })}>
                            {t('tracing.review.dismiss')}
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Card>
    </Stack>
  );
}

function CaseTable(props: { items: CaseSummaryT[]; nameOf: (code: string) => string }): ReactNode {
  const { t, num } = useI18n();
  const none = t('common.none');
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tracing.code')}</Table.Th>
            <Table.Th>{t('tracing.fullName')}</Table.Th>
            <Table.Th>{t('person.commune')}</Table.Th>
            <Table.Th>{t('tracing.confirmedAt')}</Table.Th>
            <Table.Th>{t('tracing.f1')}</Table.Th>
            <Table.Th>{t('tracing.f2')}</Table.Th>
            <Table.Th>{t('tracing.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/tracing/cases/${c.id}`} fw={600} className="pd-nowrap">
                  {c.code}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.personName ?? `#${c.personId}`}</Table.Td>
              <Table.Td>{c.communeCode ? props.nameOf(c.communeCode) : none}</Table.Td>
              <Table.Td className="pd-nowrap">{formatDateTimeMinutes(c.confirmedAt) || none}</Table.Td>
              <Table.Td>{num(c.f1)}</Table.Td>
              <Table.Td>{num(c.f2)}</Table.Td>
              <Table.Td>{t(`caseStatus.${c.status}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
