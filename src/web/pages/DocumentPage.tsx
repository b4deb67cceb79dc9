// One document (/directives/documents/:id): its registration (arrival number and date, handler, file, or the
// outgoing number), what it implements and what implements it, its files with their extracted text, the tasks
// it assigns, and its text.
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Anchor, Badge, Button, Card, Collapse, FileInput, Grid, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DIRECTIVE_PERMISSIONS } from '../../contracts/directives.documents.ts';
import { api } from '../api.ts';
import { useCan } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import type { DirectivesKey } from '../i18n.directives.ts';
import { dirKeys, fileToUpload, useDirT, type DocumentDetailT } from '../lib/directives.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';
import { DirectiveNav } from '../components/DirectiveNav.tsx';
import { DirectiveTaskTable } from '../components/DirectiveTaskTable.tsx';

export function DocumentPage(): ReactNode {
  const dt = useDirT();
  const { date, dateTime } = useI18n();
  const id = Number(useParams().id);
  const location = useLocation();
  const notice = (location.state as { notice?: string[] } | null)?.notice;
  const canWrite = useCan(DIRECTIVE_PERMISSIONS.write);
  const qc = useQueryClient();
  const [showText, setShowText] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const doc = useQuery({ queryKey: dirKeys.document(id), queryFn: ({ signal }) => api.get<DocumentDetailT>(`/api/directives/documents/${id}`, { signal }), enabled: id > 0 });
  const attach = useMutation({
    mutationFn: async (f: File) => api.post<{ fileName: string }>(`/api/directives/documents/${id}/attachments`, await fileToUpload(f)),
    onSuccess: () => { setFile(null); void qc.invalidateQueries({ queryKey: dirKeys.all }); },
  });

  if (doc.isPending) return <Loading />;
  if (!doc.data) return <ErrorAlert error={doc.error} onRetry={() => void doc.refetch()} />;
  const d = doc.data;
  const title = dt('dir.doc.title', { symbol: d.symbol ?? dt('dir.noNumber') });

  return (
    <Stack gap="sm">
      <PageHeader title={title} />
      <DirectiveNav />
      {notice && <Notice color="green" kind="status">{notice.map((n) => <Text key={n} size="sm">{n}</Text>)}</Notice>}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder>
            <Stack gap={6}>
              <Group gap="xs">
                <Badge color={d.direction === 'incoming' ? 'blue' : 'grape'}>{dt(d.direction === 'incoming' ? 'dir.docs.incoming' : 'dir.docs.outgoing')}</Badge>
                {d.docType && <Badge variant="outline">{d.docType}</Badge>}
              </Group>
              <Title order={2} size="h4">{d.subject ?? dt('dir.noSubject')}</Title>
              <Fact label={dt('dir.col.issuer')} value={d.issuer} />
              <Fact label={dt('dir.col.symbol')} value={d.symbol ?? dt('dir.noNumber')} />
              <Fact label={dt('dir.col.date')} value={d.docDate ? `${d.place ? `${d.place}, ` : ''}${date(d.docDate)}` : null} />
              <Fact label={dt('dir.doc.recipients')} value={d.recipients.join('; ') || null} />
              <Fact label={dt('dir.doc.signer')} value={[d.signer.authority, d.signer.title, d.signer.name].filter(Boolean).join(' · ') || null} />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Title order={2} size="h5" mb="xs">{dt('dir.doc.register')}</Title>
            {d.direction === 'incoming' ? (
              <Stack gap={4}>
                <Fact label={dt('dir.doc.arrival')} value={`${d.arrivalNumber} · ${date(d.arrivalDate)}`} />
                <Fact label={dt('dir.doc.handler')} value={d.handlerName} />
                <Fact label={dt('dir.doc.routedTo')} value={d.handlerNote} />
                <Fact label={dt('dir.doc.fileRef')} value={d.fileRef} />
              </Stack>
            ) : (
              <Stack gap={4}>
                <Fact label={dt('dir.doc.outgoingNumber', { year: d.seriesYear ?? '' })} value={d.symbol} />
                {d.draftId && <Anchor component={Link} to={`/directives/drafts/${d.draftId}`} size="sm">{dt('dir.doc.draft')}</Anchor>}
              </Stack>
            )}
          </Card>
          <Card withBorder mt="md">
            <Title order={2} size="h5" mb="xs">{dt('dir.doc.links')}</Title>
            {d.links.length === 0 ? <Text size="sm" c="dimmed">—</Text> : (
              <List size="sm" spacing={4}>
                {d.links.map((l) => (
                  <List.Item key={l.id}>
                    {l.target ? <Anchor component={Link} to={`/directives/documents/${l.target.id}`}>{l.refNumber}</Anchor> : l.refNumber ?? '…'}
                    {l.refDate && ` · ${date(l.refDate)}`}{l.refIssuer && ` · ${l.refIssuer}`}
                    {!l.target && <Text span size="xs" c="dimmed"> ({dt('dir.doc.notRegistered')})</Text>}
                  </List.Item>
                ))}
              </List>
            )}
            {d.implementedBy.length > 0 && (
              <>
                <Title order={3} size="h6" mt="sm" mb={4}>{dt('dir.doc.implementedBy')}</Title>
                <List size="sm" spacing={4}>
                  {d.implementedBy.map((x) => (
                    <List.Item key={x.id}><Anchor component={Link} to={`/directives/documents/${x.id}`}>{x.symbol ?? dt('dir.noNumber')}</Anchor> · {x.subject}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Card>
        </Grid.Col>
      </Grid>

      <Card withBorder>
        <Title order={2} size="h5" mb="xs">{dt('dir.doc.tasks')}</Title>
        {d.tasks.length === 0 ? <Text size="sm" c="dimmed">{dt('dir.doc.noTasks')}</Text> : <DirectiveTaskTable tasks={d.tasks} showDocument={false} />}
      </Card>

      <Card withBorder>
        <Title order={2} size="h5" mb="xs">{dt('dir.doc.attachments')}</Title>
        {d.attachments.length === 0 ? <Text size="sm" c="dimmed">{dt('dir.doc.noAttachments')}</Text> : (
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {d.attachments.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td><Anchor href={`/api/directives/attachments/${a.id}/content`}>{a.fileName}</Anchor></Table.Td>
                  <Table.Td><Text size="xs" c="dimmed">{Math.ceil(a.sizeBytes / 1024)} KB · {dateTime(a.createdAt)}</Text></Table.Td>
                  <Table.Td><Badge variant="light" color={a.textStatus === 'ok' ? 'green' : a.textStatus === 'no_text_layer' ? 'red' : 'yellow'}>{dt(`dir.text.${a.textStatus}` as DirectivesKey)}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canWrite && (
          <Group align="flex-end" mt="sm">
            <FileInput label={dt('dir.doc.attach')} placeholder={dt('dir.import.filePlaceholder')} accept=".txt,.docx,.pdf,text/plain,application/pdf" value={file} onChange={setFile} clearable style={{ flex: 1 }} />
            <Button disabled={!file} loading={attach.isPending} onClick={() => file && attach.mutate(file)}>{dt('dir.doc.attach')}</Button>
          </Group>
        )}
        <ErrorAlert error={attach.error} />
        {attach.isSuccess && <Notice color="green" kind="status">{dt('dir.doc.attached', { name: attach.data.fileName })}</Notice>}
      </Card>

      {d.bodyText && (
        <Card withBorder>
          <Group justify="space-between">
            <Title order={2} size="h5">{dt('dir.doc.text')}</Title>
            <Button variant="subtle" size="xs" onClick={() => setShowText((v) => !v)} aria-expanded={showText}>{dt('dir.doc.showText')}</Button>
          </Group>
          <Collapse in={showText}>
            <Text component="pre" size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap', fontFamily: '"Times New Roman", Times, serif' }}>{d.bodyText}</Text>
          </Collapse>
        </Card>
      )}
    </Stack>
  );
}

function Fact(props: { label: string; value: string | null | undefined }): ReactNode {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={150} style={{ flexShrink: 0 }}>{props.label}</Text>
      <Text size="sm">{props.value || '—'}</Text>
    </Group>
  );
}
