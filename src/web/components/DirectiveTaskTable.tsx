// A list of tasks: document, item, what is asked (link to the task), lead agency, deadline in words, status
// (overdue in red: open past its deadline in Vietnam time), number of progress reports.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { useI18n } from '../i18n.ts';
import type { DirectivesKey } from '../i18n.directives.ts';
import { deadlineText, leadLabel, statusColor, useDirT, type TaskT } from '../lib/directives.ts';

export function DirectiveTaskTable(props: { tasks: readonly TaskT[]; showDocument?: boolean }): ReactNode {
  const dt = useDirT();
  const { date } = useI18n();
  const showDocument = props.showDocument ?? true;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing="xs" data-testid="task-table">
        <Table.Thead>
          <Table.Tr>
            {showDocument && <Table.Th>{dt('dir.board.document')}</Table.Th>}
            <Table.Th>{dt('dir.col.item')}</Table.Th>
            <Table.Th>{dt('dir.col.task')}</Table.Th>
            <Table.Th>{dt('dir.col.lead')}</Table.Th>
            <Table.Th>{dt('dir.col.deadline')}</Table.Th>
            <Table.Th>{dt('dir.col.status')}</Table.Th>
            <Table.Th>{dt('dir.col.reports')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.tasks.map((t) => (
            <Table.Tr key={t.id}>
              {showDocument && (
                <Table.Td className="pd-nowrap">
                  <Anchor component={Link} to={`/directives/documents/${t.documentId}`} size="sm">{t.documentSymbol ?? dt('dir.noNumber')}</Anchor>
                </Table.Td>
              )}
              <Table.Td>{t.item ?? '—'}</Table.Td>
              <Table.Td><Anchor component={Link} to={`/directives/tasks/${t.id}`} size="sm">{t.summary}</Anchor></Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm">{leadLabel(dt, t)}</Text>
                  {t.agencyGroup && <Text size="xs" c="dimmed">{dt(`dir.agency.group.${t.agencyGroup}` as DirectivesKey)}</Text>}
                </Stack>
              </Table.Td>
              <Table.Td className="pd-nowrap">
                <Stack gap={0}>
                  <Text size="sm">{t.deadline ? date(t.deadline) : '—'}</Text>
                  {t.status !== 'done' && t.status !== 'cancelled' && <Text size="xs" c={t.overdue ? 'red.8' : 'dimmed'}>{deadlineText(dt, t.daysLeft)}</Text>}
                </Stack>
              </Table.Td>
              <Table.Td className="pd-nowrap">
                <Badge color={statusColor(t.status, t.overdue)} variant={t.overdue ? 'filled' : 'light'} styles={{ label: { overflow: 'visible', textOverflow: 'clip' } }}>
                  {dt(t.overdue ? 'dir.status.overdue' : (`dir.status.${t.status}` as DirectivesKey))}
                </Badge>
              </Table.Td>
              <Table.Td>{t.reportCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
