// The task board (/directives/tasks): counts by agency (a group counted as one task) or by document, the
// tasks of the one picked, the overdue list for the steering committee, and reminders of tasks due within N
// days. An agency officer starts on their own agency's tasks (group tasks they belong to included).
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Group, NativeSelect, SegmentedControl, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, buildQuery } from '../api.ts';
import { useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import type { DirectivesKey } from '../i18n.directives.ts';
import { boardLabel, dirKeys, useDirT, type BoardT, type TaskListT } from '../lib/directives.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';
import { DirectiveNav } from '../components/DirectiveNav.tsx';
import { DirectiveTaskTable } from '../components/DirectiveTaskTable.tsx';

type View = 'agency' | 'document' | 'overdue' | 'due' | 'mine';
const VIEWS: readonly View[] = ['agency', 'document', 'overdue', 'due', 'mine'];
const STATUSES = ['open', 'overdue', 'new', 'in_progress', 'done', 'cancelled', ''] as const;

export function TaskBoardPage(): ReactNode {
  const dt = useDirT();
  const { date } = useI18n();
  const me = useUser();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('view') as View | null;
  const view: View = wanted && VIEWS.includes(wanted) && (wanted !== 'mine' || me.agencyCode) ? wanted : me.agencyCode ? 'mine' : 'agency';
  const agency = params.get('agency') ?? '';
  const group = params.get('group') ?? '';
  const document = params.get('document') ?? '';
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? 'open') ? (params.get('status') ?? 'open') : 'open';
  const days = Number(params.get('days')) || 7;

  const update = (changes: Record<string, string>) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    return next;
  }, { replace: true });

  const by = view === 'document' ? 'document' : 'agency';
  const board = useQuery({
    queryKey: dirKeys.board(by),
    queryFn: ({ signal }) => api.get<BoardT>(`/api/directives/tasks/board?by=${by}`, { signal }),
    enabled: view === 'agency' || view === 'document',
  });

  let taskQuery: Record<string, string | number> | null = null;
  if (view === 'overdue') taskQuery = { status: 'overdue' };
  else if (view === 'mine') taskQuery = { agency: me.agencyCode ?? '', status };
  else if (view === 'agency' && (agency || group)) taskQuery = { ...(agency ? { agency } : { group }), status };
  else if (view === 'document' && document) taskQuery = { document, status };
  const tasks = useQuery({
    queryKey: dirKeys.tasks({ view, ...taskQuery, days }),
    queryFn: ({ signal }) => view === 'due'
      ? api.get<TaskListT>(`/api/directives/reminders${buildQuery({ days })}`, { signal })
      : api.get<TaskListT>(`/api/directives/tasks${buildQuery({ ...taskQuery, pageSize: 500 })}`, { signal }),
    enabled: view === 'due' || taskQuery !== null,
    placeholderData: keepPreviousData,
  });

  const picked = board.data?.rows.find((r) => (agency && r.agencyCode === agency) || (group && r.agencyGroup === group && !r.agencyCode) || (document && String(r.documentId) === document));
  const statusSelect = (
    <NativeSelect
      label={dt('dir.board.status')}
      value={status}
      onChange={(e) => update({ status: e.currentTarget.value })}
      data={STATUSES.map((s) => ({ value: s, label: s ? dt(`dir.status.${s}` as DirectivesKey) : dt('dir.docs.all') }))}
      w={180}
    />
  );

  return (
    <Stack gap="sm">
      <PageHeader title={dt('dir.board.title')} />
      <DirectiveNav />
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          aria-label={dt('dir.board.title')}
          value={view}
          onChange={(v) => update({ view: v, agency: '', group: '', document: '' })}
          data={[
            ...(me.agencyCode ? [{ value: 'mine', label: dt('dir.board.mine') }] : []),
            { value: 'agency', label: dt('dir.board.byAgency') },
            { value: 'document', label: dt('dir.board.byDocument') },
            { value: 'overdue', label: dt('dir.board.overdue') },
            { value: 'due', label: dt('dir.board.dueSoon') },
          ]}
        />
        {tasks.data && <Text size="xs" c="dimmed">{dt('dir.board.today', { date: date(tasks.data.today) })}</Text>}
      </Group>

      {(view === 'agency' || view === 'document') && (
        <Card withBorder p={0}>
          <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />
          {board.isPending ? <Loading /> : board.data && board.data.rows.length === 0 ? <Text p="md">{dt('dir.board.empty')}</Text> : board.data && (
            <Table.ScrollContainer minWidth={640}>
              <Table highlightOnHover verticalSpacing="xs" data-testid="board">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{dt(view === 'agency' ? 'dir.board.agency' : 'dir.board.document')}</Table.Th>
                    <Table.Th ta="right">{dt('dir.board.total')}</Table.Th>
                    <Table.Th ta="right">{dt('dir.board.new')}</Table.Th>
                    <Table.Th ta="right">{dt('dir.board.inProgress')}</Table.Th>
                    <Table.Th ta="right">{dt('dir.board.done')}</Table.Th>
                    <Table.Th ta="right">{dt('dir.board.overdueCount')}</Table.Th>
                    <Table.Th>{dt('dir.board.next')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {board.data.rows.map((r) => {
                    const label = view === 'agency' ? boardLabel(dt, r) : r.label;
                    const active = picked?.key === r.key;
                    const pick = () => update(view === 'document'
                      ? { document: String(r.documentId) }
                      : r.agencyCode ? { agency: r.agencyCode, group: '' } : { group: r.agencyGroup ?? '', agency: '' });
                    const selectable = view === 'document' || r.agencyCode !== null || r.agencyGroup !== null;
                    return (
                      <Table.Tr key={r.key} bg={active ? 'var(--mantine-color-blue-light)' : undefined}>
                        <Table.Td>
                          {selectable ? (
                            <UnstyledButton onClick={pick} aria-pressed={active} aria-label={dt('dir.board.showTasks', { name: label })} c="blue.8" fw={active ? 700 : 500}>
                              {label}
                            </UnstyledButton>
                          ) : label}
                        </Table.Td>
                        <Table.Td ta="right">{r.total}</Table.Td>
                        <Table.Td ta="right">{r.new}</Table.Td>
                        <Table.Td ta="right">{r.inProgress}</Table.Td>
                        <Table.Td ta="right">{r.done}</Table.Td>
                        <Table.Td ta="right" c={r.overdue ? 'red.8' : undefined} fw={r.overdue ? 700 : undefined}>{r.overdue}</Table.Td>
                        <Table.Td>{date(r.nextDeadline)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}

      {(taskQuery !== null || view === 'due') && (
        <Card withBorder>
          <Group justify="space-between" align="flex-end" mb="xs">
            <Title order={2} size="h5">
              {view === 'overdue' ? dt('dir.board.overdue')
                : view === 'due' ? dt('dir.board.dueSoon')
                : picked ? dt('dir.board.tasksOf', { name: view === 'agency' ? boardLabel(dt, picked) : picked.label })
                : dt('dir.board.mine')}
            </Title>
            <Group gap="xs" align="flex-end">
              {view === 'due' ? (
                <NativeSelect label={dt('dir.board.days')} value={String(days)} onChange={(e) => update({ days: e.currentTarget.value })}
                  data={[1, 3, 7, 14, 30].map((n) => ({ value: String(n), label: dt('dir.board.daysN', { n }) }))} w={140} />
              ) : view !== 'overdue' ? statusSelect : null}
              {(agency || group || document) && <Button variant="subtle" size="xs" onClick={() => update({ agency: '', group: '', document: '' })}>{dt('dir.board.clearAgency')}</Button>}
            </Group>
          </Group>
          <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
          {tasks.isPending ? <Loading /> : tasks.data && tasks.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">{view === 'overdue' ? dt('dir.board.noOverdue') : view === 'due' ? dt('dir.board.noneDue', { n: days }) : dt('dir.board.empty')}</Text>
          ) : tasks.data && <DirectiveTaskTable tasks={tasks.data.items} />}
        </Card>
      )}
    </Stack>
  );
}
