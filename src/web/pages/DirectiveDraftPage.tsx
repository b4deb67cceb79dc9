// Drafting form (/directives/drafts/new, /directives/drafts/:id): issuer and numbering series, type and
// symbol (Decree 30 abbreviations), place and date, subject, căn cứ, Kính gửi, the items with their lead and
// supporting agencies and deadlines, signer with authority, Nơi nhận. Saves a versioned draft, downloads it as
// DOCX laid out per Decree 30 (number and day blank, for signing), and issues it: the next number of the
// issuer's series, registration as outgoing, and the items' tasks on the board.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  ActionIcon, Anchor, Button, Card, Group, Modal, Select, Stack, Text, Textarea, TextInput, Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgencyRef } from '../../contracts/directives.documents.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import type { DirectivesKey } from '../i18n.directives.ts';
import {
  agencyOptions, choiceOf, cleanDraft, dirKeys, DOC_TYPES, downloadPost, draftMissing, emptyDraft, listOfLines, refOfChoice, suggestSymbolSuffix,
  useDirT, type AgencyChoice, type DraftContent, type DraftDetailT,
} from '../lib/directives.ts';
import { useAgencies } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';
import { DirectiveNav } from '../components/DirectiveNav.tsx';
import { DirectiveAgencyPicker } from '../components/DirectiveAgencyPicker.tsx';

interface ItemForm { text: string; lead: AgencyChoice[]; support: AgencyChoice[]; deadline: string; figureKey: string }
interface Form { content: DraftContent; items: ItemForm[]; recipients: string; copyTo: string; suffixTouched: boolean }

const choiceFromRef = (r: AgencyRef): AgencyChoice => ({
  name: r.name,
  value: r.code || r.group ? choiceOf({ code: r.code ?? null, group: r.group ?? null }) : r.code === null && r.group === null ? 'none' : 'auto',
});

function formOf(c: DraftContent): Form {
  return {
    content: c,
    items: c.items.map((i) => ({ text: i.text, lead: i.lead.map(choiceFromRef), support: i.support.map(choiceFromRef), deadline: i.deadline ?? '', figureKey: i.figureKey ?? '' })),
    recipients: c.recipients.join('\n'),
    copyTo: c.copyTo.join('\n'),
    suffixTouched: true,
  };
}

function contentOf(f: Form): DraftContent {
  return cleanDraft({
    ...f.content,
    recipients: listOfLines(f.recipients),
    copyTo: listOfLines(f.copyTo),
    items: f.items.map((i) => ({
      text: i.text, lead: i.lead.filter((l) => l.name.trim()).map(refOfChoice), support: i.support.filter((l) => l.name.trim()).map(refOfChoice),
      deadline: i.deadline || null, figureKey: i.figureKey || null,
    })),
  });
}

const MISSING: Record<string, DirectivesKey> = {
  subject: 'dir.draft.subject', signer: 'dir.draft.signer', items: 'dir.draft.items', symbol: 'dir.draft.symbolSuffix', issuer: 'dir.draft.issuerName', place: 'dir.draft.place',
};

export function DirectiveDraftPage(): ReactNode {
  const dt = useDirT();
  const { lang, t } = useI18n();
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const agencies = useAgencies();
  const options = useMemo(() => agencyOptions(dt, agencies.data?.items ?? [], { auto: true }), [dt, agencies.data]);
  const issuers = useMemo(() => (agencies.data?.items ?? []).filter((a) => a.communeCode === null).map((a) => ({ value: a.code, label: a.name })), [agencies.data]);
  const draft = useQuery({ queryKey: dirKeys.draft(id ?? 0), queryFn: ({ signal }) => api.get<DraftDetailT>(`/api/directives/drafts/${id}`, { signal }), enabled: id !== null });
  const [form, setForm] = useState<Form | null>(id === null ? { ...formOf(emptyDraft()), suffixTouched: false } : null);
  const [dirty, setDirty] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [showMissing, setShowMissing] = useState<string[]>([]);

  useEffect(() => {
    if (draft.data && (!form || !dirty)) setForm(formOf(draft.data.content));
  }, [draft.data]);

  const save = useMutation({
    mutationFn: async (f: Form) => {
      const content = contentOf(f);
      return id === null
        ? api.post<DraftDetailT>('/api/directives/drafts', { content })
        : api.put<DraftDetailT>(`/api/directives/drafts/${id}`, { content, version: draft.data?.version });
    },
    onSuccess: (d) => {
      setDirty(false);
      qc.setQueryData(dirKeys.draft(d.id), d);
      void qc.invalidateQueries({ queryKey: dirKeys.drafts });
      if (id === null) navigate(`/directives/drafts/${d.id}`, { replace: true });
    },
  });
  const issue = useMutation({
    mutationFn: async (f: Form) => {
      let d = draft.data;
      if (dirty || id === null) d = await save.mutateAsync(f);
      return api.post<{ documentId: number; symbol: string; taskIds: number[] }>(`/api/directives/drafts/${d!.id}/issue`, { version: d!.version });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: dirKeys.all });
      navigate(`/directives/documents/${r.documentId}`, { state: { notice: [dt('dir.doc.issued', { symbol: r.symbol }), dt('dir.doc.tasksCreated', { n: r.taskIds.length })] } });
    },
  });

  if (id !== null && draft.isPending) return <Loading />;
  if (id !== null && !draft.data) return <ErrorAlert error={draft.error} onRetry={() => void draft.refetch()} />;
  if (!form) return <Loading />;
  const c = form.content;
  const issued = draft.data?.status === 'issued';
  const update = (patch: Partial<DraftContent>) => { setForm({ ...form, content: { ...form.content, ...patch } }); setDirty(true); };
  const patchForm = (patch: Partial<Form>) => { setForm({ ...form, ...patch }); setDirty(true); };
  const setItem = (i: number, patch: Partial<ItemForm>) => patchForm({ items: form.items.map((x, k) => (k === i ? { ...x, ...patch } : x)) });
  const check = (forIssue: boolean): boolean => {
    const missing = draftMissing(contentOf(form), forIssue);
    setShowMissing(missing);
    return missing.length === 0;
  };
  const downloadDocx = () => {
    if (id !== null && !dirty) {
      window.location.href = `/api/directives/drafts/${id}/docx`;
      return;
    }
    void downloadPost('/api/directives/drafts/preview.docx', { content: contentOf(form) }, 'du-thao.docx', lang);
  };
  const itemsWithLead = contentOf(form).items.filter((i) => i.lead.length).length;

  return (
    <Stack gap="sm">
      <PageHeader title={id === null ? dt('dir.draft.titleNew') : dt('dir.draft.title', { id })} />
      <DirectiveNav />
      {issued && draft.data?.documentId && (
        <Notice color="green" kind="status">
          {dt('dir.draft.issued', { symbol: draft.data.symbol ?? '' })} · <Anchor component={Link} to={`/directives/documents/${draft.data.documentId}`}>{dt('dir.draft.openDocument')}</Anchor>
        </Notice>
      )}
      <fieldset disabled={issued} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="sm">
          <Card withBorder>
            <Title order={2} size="h5" mb="xs">{dt('dir.draft.header')}</Title>
            <Stack gap="xs">
              <Group grow align="flex-start">
                <Select label={dt('dir.draft.issuerCode')} data={issuers} value={c.issuerCode} searchable allowDeselect={false}
                  onChange={(v) => {
                    const a = agencies.data?.items.find((x) => x.code === v);
                    update({ issuerCode: v ?? c.issuerCode, ...(a ? { issuerName: a.name } : {}) });
                  }} />
                <TextInput label={dt('dir.draft.issuerName')} value={c.issuerName} onChange={(e) => update({ issuerName: e.currentTarget.value })} required />
              </Group>
              <TextInput label={dt('dir.draft.parentName')} value={c.parentName ?? ''} onChange={(e) => update({ parentName: e.currentTarget.value || null })} />
              <Group grow align="flex-start">
                <Select label={dt('dir.draft.docType')} data={DOC_TYPES as string[]} value={c.docType} allowDeselect={false}
                  onChange={(v) => {
                    const docType = v ?? c.docType;
                    setForm({ ...form, content: { ...c, docType, symbolSuffix: form.suffixTouched ? c.symbolSuffix : suggestSymbolSuffix(docType) } });
                    setDirty(true);
                  }} />
                <TextInput label={dt('dir.draft.symbolSuffix')} value={c.symbolSuffix}
                  description={dt('dir.draft.symbolPreview', { symbol: `…/${c.symbolSuffix}` })}
                  onChange={(e) => { setForm({ ...form, suffixTouched: true, content: { ...c, symbolSuffix: e.currentTarget.value.toLocaleUpperCase('vi').replace(/\s+/g, '') } }); setDirty(true); }} />
              </Group>
              <Group grow align="flex-start">
                <TextInput label={dt('dir.draft.place')} value={c.place} onChange={(e) => update({ place: e.currentTarget.value })} required />
                <TextInput type="date" label={dt('dir.draft.date')} description={dt('dir.draft.dateHint')} value={c.date ?? ''} onChange={(e) => update({ date: e.currentTarget.value || null })} />
              </Group>
              <Textarea label={dt('dir.draft.subject')} description={dt('dir.draft.subjectHint')} value={c.subject} onChange={(e) => update({ subject: e.currentTarget.value })} autosize minRows={2} required />
            </Stack>
          </Card>

          <Card withBorder>
            <Title order={2} size="h5" mb="xs">{dt('dir.draft.references')}</Title>
            <Stack gap="xs">
              {c.references.map((r, i) => (
                <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput size="xs" label={dt('dir.draft.refNumber')} value={r.number ?? ''} style={{ flex: 1 }} onChange={(e) => update({ references: c.references.map((x, k) => (k === i ? { ...x, number: e.currentTarget.value || null } : x)) })} />
                  <TextInput size="xs" type="date" label={dt('dir.draft.refDate')} value={r.date ?? ''} onChange={(e) => update({ references: c.references.map((x, k) => (k === i ? { ...x, date: e.currentTarget.value || null } : x)) })} />
                  <TextInput size="xs" label={dt('dir.draft.refIssuer')} value={r.issuer ?? ''} style={{ flex: 1 }} onChange={(e) => update({ references: c.references.map((x, k) => (k === i ? { ...x, issuer: e.currentTarget.value || null } : x)) })} />
                  <ActionIcon variant="subtle" color="red" mb={2} aria-label={dt('dir.draft.remove')} onClick={() => update({ references: c.references.filter((_, k) => k !== i) })}>×</ActionIcon>
                </Group>
              ))}
              <Button variant="light" size="xs" w="fit-content" onClick={() => update({ references: [...c.references, { number: null, date: null, issuer: null }] })}>{dt('dir.draft.addReference')}</Button>
              <Textarea label={dt('dir.draft.recipients')} value={form.recipients} onChange={(e) => patchForm({ recipients: e.currentTarget.value })} autosize minRows={2} />
              <Textarea label={dt('dir.draft.intro')} value={c.intro} onChange={(e) => update({ intro: e.currentTarget.value })} autosize minRows={3} />
            </Stack>
          </Card>

          <Card withBorder>
            <Title order={2} size="h5" mb="xs">{dt('dir.draft.items')}</Title>
            <Stack gap="sm">
              {form.items.map((item, i) => (
                <Card key={i} withBorder p="sm">
                  <Stack gap={6}>
                    <Group justify="space-between">
                      <Text fw={600} size="sm">{i + 1}.</Text>
                      <Button variant="subtle" color="red" size="compact-xs" onClick={() => patchForm({ items: form.items.filter((_, k) => k !== i) })}>{dt('dir.draft.removeItem', { n: i + 1 })}</Button>
                    </Group>
                    <Textarea label={dt('dir.draft.itemText', { n: i + 1 })} value={item.text} onChange={(e) => setItem(i, { text: e.currentTarget.value })} autosize minRows={2} />
                    {item.lead.map((ch, k) => (
                      <DirectiveAgencyPicker key={`l${k}`} choice={ch} options={options} label={`${dt('dir.task.lead')} ${k + 1}`}
                        onChange={(n) => setItem(i, { lead: item.lead.map((x, j) => (j === k ? n : x)) })} onRemove={() => setItem(i, { lead: item.lead.filter((_, j) => j !== k) })} />
                    ))}
                    <Button variant="light" size="compact-xs" w="fit-content" onClick={() => setItem(i, { lead: [...item.lead, { name: '', value: 'auto' }] })}>{dt('dir.task.addLead')}</Button>
                    {item.support.map((ch, k) => (
                      <DirectiveAgencyPicker key={`s${k}`} choice={ch} options={options} label={`${dt('dir.task.support')} ${k + 1}`}
                        onChange={(n) => setItem(i, { support: item.support.map((x, j) => (j === k ? n : x)) })} onRemove={() => setItem(i, { support: item.support.filter((_, j) => j !== k) })} />
                    ))}
                    <Button variant="light" size="compact-xs" w="fit-content" onClick={() => setItem(i, { support: [...item.support, { name: '', value: 'auto' }] })}>{dt('dir.task.addSupport')}</Button>
                    <Group grow align="flex-start">
                      <TextInput size="xs" type="date" label={dt('dir.task.deadline')} value={item.deadline} onChange={(e) => setItem(i, { deadline: e.currentTarget.value })} />
                      <TextInput size="xs" label={dt('dir.task.figure')} placeholder={dt('dir.task.figureHint')} value={item.figureKey} onChange={(e) => setItem(i, { figureKey: e.currentTarget.value })} />
                    </Group>
                  </Stack>
                </Card>
              ))}
              <Button variant="light" w="fit-content" onClick={() => patchForm({ items: [...form.items, { text: '', lead: [{ name: '', value: 'auto' }], support: [], deadline: '', figureKey: '' }] })}>{dt('dir.draft.addItem')}</Button>
              <Textarea label={dt('dir.draft.closing')} value={c.closing} onChange={(e) => update({ closing: e.currentTarget.value })} autosize minRows={2} />
            </Stack>
          </Card>

          <Card withBorder>
            <Title order={2} size="h5" mb="xs">{dt('dir.draft.signer')}</Title>
            <Stack gap="xs">
              <Group grow align="flex-start">
                <TextInput label={dt('dir.field.signerAuthority')} description={dt('dir.field.signerAuthorityHint')} value={c.signer.authority} onChange={(e) => update({ signer: { ...c.signer, authority: e.currentTarget.value } })} />
                <TextInput label={dt('dir.field.signerTitle')} value={c.signer.title} onChange={(e) => update({ signer: { ...c.signer, title: e.currentTarget.value } })} />
              </Group>
              <TextInput label={dt('dir.field.signerName')} value={c.signer.name} onChange={(e) => update({ signer: { ...c.signer, name: e.currentTarget.value } })} />
              <Textarea label={dt('dir.draft.copyTo')} value={form.copyTo} onChange={(e) => patchForm({ copyTo: e.currentTarget.value })} autosize minRows={2} />
              <TextInput label={dt('dir.draft.filing')} value={c.filing} onChange={(e) => update({ filing: e.currentTarget.value })} w={240} />
            </Stack>
          </Card>
        </Stack>
      </fieldset>

      {showMissing.length > 0 && <Notice color="red">{dt('dir.draft.missing', { fields: showMissing.map((m) => dt(MISSING[m]!)).join(', ') })}</Notice>}
      <ErrorAlert error={save.error ?? issue.error} />
      {save.isSuccess && !dirty && <Notice color="green" kind="status">{dt('dir.draft.saved')}</Notice>}
      <Group>
        {!issued && <Button onClick={() => check(false) && save.mutate(form)} loading={save.isPending}>{dt('dir.draft.save')}</Button>}
        <Button variant="light" onClick={downloadDocx}>{dt('dir.draft.docx')}</Button>
        {!issued && <Button color="green" onClick={() => check(true) && setIssuing(true)}>{dt('dir.draft.issue')}</Button>}
      </Group>
      <Modal opened={issuing} onClose={() => setIssuing(false)} title={dt('dir.draft.issue')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Text size="sm" mb="md">
          {dt('dir.draft.issueConfirm', { issuer: issuers.find((x) => x.value === c.issuerCode)?.label ?? c.issuerCode, year: (c.date ?? new Date().toISOString()).slice(0, 4), n: itemsWithLead })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setIssuing(false)}>{t('common.cancel')}</Button>
          <Button color="green" loading={issue.isPending} onClick={() => issue.mutate(form)}>{dt('dir.draft.issue')}</Button>
        </Group>
      </Modal>
    </Stack>
  );
}
