// Directive import (/directives/import): paste the text or upload a TXT/DOCX/PDF file → the parser's reading
// for review, the document's text on one side with the place of each value highlighted, the fields and tasks
// on the other (focusing a field shows its place; clicking a highlight goes to its field). The officer corrects
// and confirms: the document is registered as incoming (arrival number, handler) and its tasks go on the board.
import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import {
  Alert, Badge, Box, Button, Card, Checkbox, FileInput, Grid, Group, Select, Stack, Text, Textarea, TextInput, Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DIRECTIVE_PERMISSIONS } from '../../contracts/directives.documents.ts';
import { api } from '../api.ts';
import { useCan } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import type { DirectivesKey } from '../i18n.directives.ts';
import {
  agencyOptions, confirmBodyFrom, dirKeys, fileToUpload, marksOf, newKey, reviewFromResult, useDirT, useHandlers, type AgencyChoice,
  type ImportResult, type ReviewState, type ReviewTask,
} from '../lib/directives.ts';
import { useAgencies } from '../lib/reference.ts';
import type { FileUpload } from '../../contracts/directives.documents.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Notice } from '../components/Status.tsx';
import { DirectiveNav } from '../components/DirectiveNav.tsx';
import { DirectiveTextView } from '../components/DirectiveTextView.tsx';
import { DirectiveAgencyPicker } from '../components/DirectiveAgencyPicker.tsx';

const todayVn = (): string => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

export function DirectiveImportPage(): ReactNode {
  const dt = useDirT();
  const { date } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const canWrite = useCan(DIRECTIVE_PERMISSIONS.write);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<FileUpload | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [state, setState] = useState<ReviewState | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const agencies = useAgencies();
  const handlers = useHandlers(canWrite);
  const options = useMemo(() => agencyOptions(dt, agencies.data?.items ?? [], { auto: true }), [dt, agencies.data]);
  const marks = useMemo(() => (result ? marksOf(result) : []), [result]);
  const located = useMemo(() => new Set(marks.map((m) => m.id)), [marks]);

  const parse = useMutation({
    mutationFn: async () => {
      const up = file ? await fileToUpload(file) : null;
      const r = await api.post<ImportResult>('/api/directives/import/parse', up ? { file: up } : { text });
      return { r, up };
    },
    onSuccess: ({ r, up }) => {
      setResult(r);
      setUpload(up);
      setState(reviewFromResult(r, todayVn()));
      setActive(null);
    },
  });
  const confirm = useMutation({
    mutationFn: () => api.post<{ documentId: number; arrivalNumber: number; taskIds: number[] }>('/api/directives/import/confirm', confirmBodyFrom(result!, state!, upload ?? undefined)),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: dirKeys.all });
      navigate(`/directives/documents/${r.documentId}`, {
        state: { notice: [dt('dir.doc.registered', { n: r.arrivalNumber }), dt('dir.doc.tasksCreated', { n: r.taskIds.length })] },
      });
    },
  });

  const set = (patch: Partial<ReviewState>) => setState((s) => (s ? { ...s, ...patch } : s));
  const setTask = (key: string, patch: Partial<ReviewTask>) => setState((s) => (s ? { ...s, tasks: s.tasks.map((x) => (x.key === key ? { ...x, ...patch } : x)) } : s));
  /** A highlight clicked: go to its field (the field's focus marks it active). */
  const pick = (id: string) => {
    setActive(id);
    const el = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(id)}"]`);
    if (el) { el.scrollIntoView({ block: 'center', behavior: 'smooth' }); el.focus({ preventScroll: true }); }
  };
  /** Props tying a form field to its place in the text. */
  const field = (id: string, value?: string | null) => ({
    'data-field': id,
    onFocus: () => setActive(id),
    rightSection: value && !located.has(id) && result ? <Badge size="xs" variant="outline" color="gray" title={dt('dir.import.notFound')}>?</Badge> : undefined,
    rightSectionWidth: 28,
  });

  if (!result || !state) {
    return (
      <Stack gap="sm">
        <PageHeader title={dt('dir.import.title')} />
        <DirectiveNav />
        <Card withBorder>
          <Stack gap="sm">
            <Text size="sm">{dt('dir.import.intro')}</Text>
            <Textarea label={dt('dir.import.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={10} maxRows={24} disabled={!!file}
              styles={{ input: { fontFamily: '"Times New Roman", Times, serif' } }} />
            <FileInput label={dt('dir.import.file')} placeholder={dt('dir.import.filePlaceholder')} accept=".txt,.docx,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              value={file} onChange={setFile} clearable />
            <ErrorAlert error={parse.error} />
            <Button onClick={() => parse.mutate()} loading={parse.isPending} disabled={!text.trim() && !file} w="fit-content">
              {parse.isPending ? dt('dir.import.parsing') : dt('dir.import.parse')}
            </Button>
          </Stack>
        </Card>
      </Stack>
    );
  }

  const agencyRow = (task: ReviewTask, role: 'lead' | 'support', choice: AgencyChoice, k: number) => (
    <DirectiveAgencyPicker
      key={`${role}-${k}`}
      choice={choice}
      options={options}
      label={`${dt(role === 'lead' ? 'dir.task.lead' : 'dir.task.support')} ${k + 1}`}
      onFocus={() => setActive(choice.mark ?? (task.from !== null ? `task.${task.from}` : null))}
      onChange={(c) => setTask(task.key, { [role]: task[role].map((x, i) => (i === k ? c : x)) })}
      onRemove={() => setTask(task.key, { [role]: task[role].filter((_, i) => i !== k) })}
    />
  );

  return (
    <Stack gap="sm">
      <PageHeader title={dt('dir.import.review')} />
      <DirectiveNav />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder p="xs" style={{ position: 'sticky', top: 64 }}>
            <Group justify="space-between" px="xs" mb={4}>
              <Text size="sm" c="dimmed">{dt('dir.import.reviewHint')}</Text>
              {result.source && <Badge variant="light">{dt('dir.import.source', { name: result.source.fileName })}</Badge>}
            </Group>
            {result.source && result.source.textStatus !== 'ok' && (
              <Notice color="yellow" kind="status">{dt(`dir.text.${result.source.textStatus}` as DirectivesKey)}</Notice>
            )}
            <DirectiveTextView text={result.text} marks={marks} active={active} onPick={pick} label={dt('dir.doc.text')} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="sm">
            {result.duplicateOf && (
              <Alert color="orange" variant="light" role="alert">
                <Text size="sm" fw={700}>{dt('dir.import.duplicate', { symbol: result.duplicateOf.symbol ?? '' })}</Text>
                <Checkbox mt={6} label={dt('dir.import.allowDuplicate')} checked={state.allowDuplicate} onChange={(e) => set({ allowDuplicate: e.currentTarget.checked })} />
              </Alert>
            )}
            <Card withBorder>
              <Title order={2} size="h5" mb="xs">{dt('dir.import.metadata')}</Title>
              <Stack gap="xs">
                <TextInput label={dt('dir.field.issuer')} value={state.issuer} onChange={(e) => set({ issuer: e.currentTarget.value })} {...field('issuer', state.issuer)} />
                <Group grow align="flex-start">
                  <TextInput label={dt('dir.field.number')} value={state.symbol} onChange={(e) => set({ symbol: e.currentTarget.value })} {...field('number', state.symbol)} />
                  <TextInput label={dt('dir.field.docType')} value={state.docType} onChange={(e) => set({ docType: e.currentTarget.value })} {...field('doc_type', state.docType === 'Công văn' ? null : state.docType)} />
                </Group>
                <Group grow align="flex-start">
                  <TextInput label={dt('dir.field.place')} value={state.place} onChange={(e) => set({ place: e.currentTarget.value })} {...field('place', state.place)} />
                  <TextInput type="date" label={dt('dir.field.date')} value={state.date} onChange={(e) => set({ date: e.currentTarget.value })} {...field('date', state.date)} />
                </Group>
                <Textarea label={dt('dir.field.subject')} value={state.subject} onChange={(e) => set({ subject: e.currentTarget.value })} autosize minRows={2} {...field('subject', state.subject)} />
                <Textarea label={dt('dir.field.recipients')} value={state.recipients} onChange={(e) => set({ recipients: e.currentTarget.value })} autosize minRows={2}
                  data-field="rec.0" onFocus={() => setActive('rec.0')} />
                {state.references.length > 0 && (
                  <Box>
                    <Text size="sm" fw={500}>{dt('dir.field.references')}</Text>
                    {state.references.map((r, i) => (
                      <Group key={i} gap="xs" align="center" wrap="nowrap">
                        <TextInput size="xs" aria-label={`${dt('dir.field.references')} ${i + 1}`} value={r.number ?? ''} style={{ flex: 1 }}
                          onChange={(e) => set({ references: state.references.map((x, k) => (k === i ? { ...x, number: e.currentTarget.value || null } : x)) })}
                          {...field(`ref.${i}`, r.number)} />
                        <Text size="xs" c="dimmed">{r.date ? date(r.date) : ''}{r.issuer ? ` · ${r.issuer}` : ''}</Text>
                        {result.referenceTargets[i] && <Badge size="xs" color="green" variant="light">{dt('dir.field.refInRegistry', { symbol: result.referenceTargets[i]!.symbol ?? '' })}</Badge>}
                      </Group>
                    ))}
                  </Box>
                )}
                <Group grow align="flex-start">
                  <TextInput label={dt('dir.field.signerAuthority')} value={state.signerAuthority} onChange={(e) => set({ signerAuthority: e.currentTarget.value })} {...field('signer.authority', state.signerAuthority)} />
                  <TextInput label={dt('dir.field.signerTitle')} value={state.signerTitle} onChange={(e) => set({ signerTitle: e.currentTarget.value })} {...field('signer.title', state.signerTitle)} />
                </Group>
                <TextInput label={dt('dir.field.signerName')} value={state.signerName} onChange={(e) => set({ signerName: e.currentTarget.value })} {...field('signer.name', state.signerName)} />
              </Stack>
            </Card>

            <Card withBorder>
              <Title order={2} size="h5" mb="xs">{dt('dir.import.registration')}</Title>
              {result.stamp && result.stamp.number !== null && (
                <Text size="sm" c="dimmed" mb="xs" style={{ cursor: 'pointer' }} onClick={() => setActive('stamp')}>
                  {dt('dir.import.stamp', { n: result.stamp.number, date: date(result.stamp.date) })}
                </Text>
              )}
              <Stack gap="xs">
                <Group grow align="flex-start">
                  <TextInput label={dt('dir.import.arrivalNumber')} inputMode="numeric" value={state.arrivalNumber} placeholder={String(result.nextArrivalNumber)}
                    description={dt('dir.import.arrivalNumberHint', { n: result.nextArrivalNumber })} onChange={(e) => set({ arrivalNumber: e.currentTarget.value.replace(/\D/g, '') })}
                    onFocus={() => setActive('stamp')} />
                  <TextInput type="date" label={dt('dir.import.arrivalDate')} value={state.arrivalDate} onChange={(e) => set({ arrivalDate: e.currentTarget.value })} />
                </Group>
                <Select label={dt('dir.import.handler')} data={(handlers.data?.items ?? []).map((h) => ({ value: String(h.id), label: h.displayName }))} value={state.handlerId}
                  onChange={(v) => set({ handlerId: v })} searchable clearable />
                <Group grow align="flex-start">
                  <TextInput label={dt('dir.import.routedTo')} value={state.handlerNote} onChange={(e) => set({ handlerNote: e.currentTarget.value })} />
                  <TextInput label={dt('dir.import.fileRef')} value={state.fileRef} onChange={(e) => set({ fileRef: e.currentTarget.value })} />
                </Group>
              </Stack>
            </Card>

            <Card withBorder>
              <Title order={2} size="h5">{dt('dir.import.tasks', { n: state.tasks.length })}</Title>
              <Text size="xs" c="dimmed" mb="xs">{dt('dir.import.groupNote')}</Text>
              {state.tasks.length === 0 && <Text size="sm" mb="xs">{dt('dir.import.noTasks')}</Text>}
              <Stack gap="sm">
                {state.tasks.map((task, i) => (
                  <Card key={task.key} withBorder p="sm" bg={active?.startsWith(`task.${task.from}`) && task.from !== null ? 'var(--mantine-color-orange-0)' : undefined}>
                    <Group justify="space-between" mb={4}>
                      <Text fw={600} size="sm">{dt('dir.task.number', { n: i + 1 })}</Text>
                      <Button variant="subtle" color="red" size="compact-xs" onClick={() => set({ tasks: state.tasks.filter((x) => x.key !== task.key) })}>{dt('dir.import.removeTask')}</Button>
                    </Group>
                    <Stack gap={6}>
                      <Group grow align="flex-start">
                        <TextInput size="xs" label={dt('dir.task.item')} value={task.item} onChange={(e) => setTask(task.key, { item: e.currentTarget.value })}
                          {...(task.from !== null ? field(`task.${task.from}`) : {})} />
                        <TextInput size="xs" type="date" label={dt('dir.task.deadline')} value={task.deadline} onChange={(e) => setTask(task.key, { deadline: e.currentTarget.value })}
                          {...(task.from !== null ? field(`task.${task.from}.deadline`, task.deadline) : {})} />
                      </Group>
                      <Textarea size="xs" label={dt('dir.task.summary')} value={task.summary} autosize minRows={2} onChange={(e) => setTask(task.key, { summary: e.currentTarget.value })}
                        onFocus={() => task.from !== null && setActive(`task.${task.from}`)} />
                      {task.lead.map((c, k) => agencyRow(task, 'lead', c, k))}
                      <Button variant="light" size="compact-xs" w="fit-content" onClick={() => setTask(task.key, { lead: [...task.lead, { name: '', value: 'auto' }] })}>{dt('dir.task.addLead')}</Button>
                      {task.support.map((c, k) => agencyRow(task, 'support', c, k))}
                      <Button variant="light" size="compact-xs" w="fit-content" onClick={() => setTask(task.key, { support: [...task.support, { name: '', value: 'auto' }] })}>{dt('dir.task.addSupport')}</Button>
                      <TextInput size="xs" label={dt('dir.task.figure')} placeholder={dt('dir.task.figureHint')} value={task.figureKey} onChange={(e) => setTask(task.key, { figureKey: e.currentTarget.value })} />
                    </Stack>
                  </Card>
                ))}
                <Button variant="light" w="fit-content" onClick={() => set({
                  tasks: [...state.tasks, { key: newKey(), from: null, item: String(state.tasks.length + 1), summary: '', lead: [{ name: '', value: 'auto' }], support: [], deadline: '', figureKey: '' }],
                })}>
                  {dt('dir.import.addTask')}
                </Button>
              </Stack>
            </Card>

            <ErrorAlert error={confirm.error} />
            <Group>
              <Button onClick={() => confirm.mutate()} loading={confirm.isPending} disabled={!!result.duplicateOf && !state.allowDuplicate}>
                {confirm.isPending ? dt('dir.import.confirming') : dt('dir.import.confirm')}
              </Button>
              <Button variant="subtle" onClick={() => { setResult(null); setState(null); setFile(null); setUpload(null); }}>{dt('dir.import.again')}</Button>
            </Group>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
