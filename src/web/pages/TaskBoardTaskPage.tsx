// One task (/directives/tasks/:id): what the document asks (its item's text), lead and supporting agencies,
// deadline and status, the progress reports in order (text, figures, files; never changed), a form to report,
// and for the steering side the status, deadline and related figure.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import {
  ActionIcon, Anchor, Badge, Button, Card, FileInput, Grid, Group, NativeSelect, NumberInput, Stack, Text, Textarea, TextInput, Timeline, Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DIRECTIVE_PERMISSIONS } from '../../contracts/directives.documents.ts';
import { api, fieldErrorsOf } from '../api.ts';
import { useCan, useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import type { DirectivesKey } from '../i18n.directives.ts';
import { deadlineText, dirKeys, fileToUpload, leadLabel, statusColor, useDirT, type TaskDetailT } from '../lib/directives.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';
import { DirectiveNav } from '../components/DirectiveNav.tsx';

interface FigureRow { key: string; value: number | string; unit: string }

export function TaskBoardTaskPage(): ReactNode {
  const dt = useDirT();
  const { date, dateTime } = useI18n();
  const id = Number(useParams().id);
  const me = useUser();
  const canWrite = useCan(DIRECTIVE_PERMISSIONS.write);
  const canReport = useCan(DIRECTIVE_PERMISSIONS.report);
  const qc = useQueryClient();
  const task = useQuery({ queryKey: dirKeys.task(id), queryFn: ({ signal }) => api.get<TaskDetailT>(`/api/directives/tasks/${id}`, { signal }), enabled: id > 0 });

  const [body, setBody] = useState('');
  const [figures, setFigures] = useState<FigureRow[]>([]);
  const [statusAfter, setStatusAfter] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const report = useMutation({
    mutationFn: async () => api.post<TaskDetailT>(`/api/directives/tasks/${id}/reports`, {
      body: body.trim(),
      figures: figures.filter((f) => f.key.trim() && f.value !== '').map((f) => ({ key: f.key.trim(), value: Number(f.value), unit: f.unit.trim() || null })),
      status: statusAfter || null,
      attachments: await Promise.all(files.map(fileToUpload)),
    }),
    onSuccess: (data) => {
      qc.setQueryData(dirKeys.task(id), data);
      void qc.invalidateQueries({ queryKey: dirKeys.all });
      setBody(''); setFigures([]); setStatusAfter(''); setFiles([]);
    },
  });

  const [edit, setEdit] = useState<{ status: string; deadline: string; figureKey: string } | null>(null);
  const save = useMutation({
    mutationFn: (e: { status: string; deadline: string; figureKey: string }) => api.patch<TaskDetailT>(`/api/directives/tasks/${id}`, {
      status: e.status, deadline: e.deadline || null, figureKey: e.figureKey.trim() || null,
    }),
    onSuccess: (data) => { qc.setQueryData(dirKeys.task(id), data); void qc.invalidateQueries({ queryKey: dirKeys.all }); setEdit(null); },
  });

  if (task.isPending) return <Loading />;
  if (!task.data) return <ErrorAlert error={task.error} onRetry={() => void task.refetch()} />;
  const t = task.data;
  const mayReport = canReport && t.status !== 'cancelled' && (canWrite || me.agencyCode !== null);
  const form = edit ?? { status: t.status, deadline: t.deadline ?? '', figureKey: t.figureKey ?? '' };
  const onReport = (e: FormEvent) => { e.preventDefault(); if (body.trim()) report.mutate(); };
  const figureErrors = fieldErrorsOf(report.error);

  return (
    <Stack gap="sm">
      <PageHeader title={dt('dir.taskPage.title', { item: t.item ?? `#${t.id}` })} />
      <DirectiveNav />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder>
            <Stack gap={6}>
              <Group gap="xs">
                <Badge color={statusColor(t.status, t.overdue)} variant={t.overdue ? 'filled' : 'light'}>{dt(t.overdue ? 'dir.status.overdue' : (`dir.status.${t.status}` as DirectivesKey))}</Badge>
                <Text size="sm">{t.deadline ? `${date(t.deadline)} · ${deadlineText(dt, t.daysLeft)}` : dt('dir.noDeadline')}</Text>
              </Group>
              <Title order={2} size="h4">{t.summary}</Title>
              <Text size="sm">
                {dt('dir.taskPage.fromDocument')}: <Anchor component={Link} to={`/directives/documents/${t.documentId}`}>{t.documentSymbol ?? dt('dir.noNumber')}</Anchor>
                {t.documentSubject && ` · ${t.documentSubject}`}
              </Text>
              <Text size="sm"><b>{dt('dir.task.lead')}:</b> {leadLabel(dt, t)}{t.agencyGroup && ` (${dt(`dir.agency.group.${t.agencyGroup}` as DirectivesKey)})`}</Text>
              {t.support.length > 0 && <Text size="sm"><b>{dt('dir.task.support')}:</b> {t.support.map((s) => s.name).join('; ')}</Text>}
              {t.figureKey && <Text size="sm"><b>{dt('dir.task.figure')}:</b> <code>{t.figureKey}</code></Text>}
              {t.members && (
                <Text size="sm" c="dimmed">
                  {dt('dir.taskPage.members', { reported: t.members.reported.length, total: t.members.total })}
                  {t.members.reported.length > 0 && `: ${t.members.reported.map((m) => m.name).join(', ')}`}
                </Text>
              )}
            </Stack>
          </Card>
          {t.body && (
            <Card withBorder mt="md">
              <Title order={2} size="h5" mb="xs">{dt('dir.taskPage.text')}</Title>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: '"Times New Roman", Times, serif' }}>{t.body}</Text>
            </Card>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {canWrite && (
            <Card withBorder>
              <Title order={2} size="h5" mb="xs">{dt('dir.taskPage.manage')}</Title>
              <Stack gap="xs">
                <NativeSelect label={dt('dir.board.status')} value={form.status} onChange={(e) => setEdit({ ...form, status: e.currentTarget.value })}
                  data={(['new', 'in_progress', 'done', 'cancelled'] as const).map((s) => ({ value: s, label: dt(`dir.status.${s}`) }))} />
                <TextInput type="date" label={dt('dir.task.deadline')} value={form.deadline} onChange={(e) => setEdit({ ...form, deadline: e.currentTarget.value })} />
                <TextInput label={dt('dir.task.figure')} description={dt('dir.task.figureHint')} value={form.figureKey} onChange={(e) => setEdit({ ...form, figureKey: e.currentTarget.value })} />
                <ErrorAlert error={save.error} />
                <Button onClick={() => save.mutate(form)} loading={save.isPending} disabled={!edit}>{dt('dir.taskPage.saveTask')}</Button>
              </Stack>
            </Card>
          )}
        </Grid.Col>
      </Grid>

      <Card withBorder>
        <Title order={2} size="h5" mb="sm">{dt('dir.taskPage.reports')}</Title>
        {t.reports.length === 0 ? <Text size="sm" c="dimmed">{dt('dir.taskPage.noReports')}</Text> : (
          <Timeline bulletSize={14} lineWidth={2}>
            {t.reports.map((r) => (
              <Timeline.Item key={r.id} title={<Text size="sm" fw={600}>{dateTime(r.createdAt)} · {dt('dir.taskPage.reportedBy', { agency: r.agencyName ?? r.agencyCode ?? '—', who: r.createdBy ?? '—' })}</Text>}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.body}</Text>
                {r.figures.length > 0 && <Text size="sm" c="dimmed">{r.figures.map((f) => `${f.key}: ${f.value}${f.unit ? ` ${f.unit}` : ''}`).join(' · ')}</Text>}
                {r.statusAfter && <Badge size="xs" variant="light" color={statusColor(r.statusAfter, false)}>{dt(`dir.status.${r.statusAfter}`)}</Badge>}
                {r.attachments.map((a) => <Anchor key={a.id} href={`/api/directives/attachments/${a.id}/content`} size="sm" display="block">{a.fileName}</Anchor>)}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Card>

      {mayReport && (
        <Card withBorder component="form" onSubmit={onReport}>
          <Title order={2} size="h5" mb="xs">{dt('dir.taskPage.newReport')}</Title>
          <Stack gap="xs">
            <Textarea label={dt('dir.taskPage.reportText')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} required />
            <Text size="sm" fw={500}>{dt('dir.taskPage.figures')}</Text>
            {figures.map((f, i) => (
              <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                <TextInput label={dt('dir.taskPage.figureKey')} placeholder={t.figureKey ?? 'testing.samples'} value={f.key} size="xs" style={{ flex: 2 }}
                  error={figureErrors.figures ? ' ' : null}
                  onChange={(e) => setFigures(figures.map((x, k) => (k === i ? { ...x, key: e.currentTarget.value } : x)))} />
                <NumberInput label={dt('dir.taskPage.figureValue')} value={f.value} size="xs" style={{ flex: 1 }} onChange={(v) => setFigures(figures.map((x, k) => (k === i ? { ...x, value: v } : x)))} />
                <TextInput label={dt('dir.taskPage.figureUnit')} value={f.unit} size="xs" style={{ flex: 1 }} onChange={(e) => setFigures(figures.map((x, k) => (k === i ? { ...x, unit: e.currentTarget.value } : x)))} />
                <ActionIcon variant="subtle" color="red" mb={2} aria-label={dt('dir.taskPage.removeFigure')} onClick={() => setFigures(figures.filter((_, k) => k !== i))}>×</ActionIcon>
              </Group>
            ))}
            <Button variant="light" size="xs" w="fit-content" onClick={() => setFigures([...figures, { key: t.figureKey ?? '', value: '', unit: '' }])}>{dt('dir.taskPage.addFigure')}</Button>
            <FileInput label={dt('dir.taskPage.files')} multiple value={files} onChange={setFiles} accept=".txt,.docx,.pdf" clearable placeholder={dt('dir.import.filePlaceholder')} />
            <NativeSelect label={dt('dir.taskPage.statusAfter')} value={statusAfter} onChange={(e) => setStatusAfter(e.currentTarget.value)}
              data={[{ value: '', label: dt('dir.taskPage.keepStatus') }, { value: 'in_progress', label: dt('dir.status.in_progress') }, { value: 'done', label: dt('dir.status.done') }]} />
            {t.agencyGroup && <Text size="xs" c="dimmed">{dt('dir.taskPage.groupDoneNote')}</Text>}
            <ErrorAlert error={report.error} />
            {report.isSuccess && <Notice color="green" kind="status">{dt('dir.taskPage.sent')}</Notice>}
            <Button type="submit" loading={report.isPending} disabled={!body.trim()} w="fit-content">{dt('dir.taskPage.send')}</Button>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
