// User accounts: the list (role, area, two-factor, lock state) and a form to create one with its role and area
// scope (whole province or some communes).
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Button, Card, Group, MultiSelect, NativeSelect, PasswordInput, Radio, Select, SimpleGrid, Stack, Table,
  Text, TextInput, Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ROLE_LABELS, ROLES, UserCreate, type Role, type UserSummary } from '../../../contracts/auth.ts';
import { api, ApiError, fieldErrorsOf } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { selectLabelProps, useAgencies, useCommunes } from '../../lib/reference.ts';
import { PageHeader } from '../../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../../components/Status.tsx';

type User = z.infer<typeof UserSummary>;
type Field = 'username' | 'displayName' | 'password' | 'role' | 'agencyCode' | 'areaScope' | 'areaCommunes';
type Errors = Partial<Record<Field, string>>;

interface FormState {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  agencyCode: string;
  areaScope: 'province' | 'communes';
  areaCommunes: string[];
}
const EMPTY: FormState = {
  username: '', displayName: '', password: '', role: 'field', agencyCode: '', areaScope: 'province', areaCommunes: [],
};
const FIELD_CODES: Record<Field, string> = {
  username: 'users.usernameRule',
  displayName: 'common.required',
  password: 'user.weak_password',
  role: 'request.invalid',
  agencyCode: 'request.invalid',
  areaScope: 'request.invalid',
  areaCommunes: 'users.communesRequired',
};
const isField = (k: unknown): k is Field => typeof k === 'string' && k in FIELD_CODES;
/** Errors shown under their input rather than above the form. */
const shownInline = (err: unknown) =>
  err instanceof ApiError && (err.status === 400 || err.code === 'user.exists' || err.code === 'user.weak_password');

export function UsersPage(): ReactNode {
  const { t, msg, lang, dateTime } = useI18n();
  const qc = useQueryClient();
  const communes = useCommunes();
  const agencies = useAgencies();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [created, setCreated] = useState<string | null>(null);

  // ---- data
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.get<{ items: User[] }>('/api/users') });
  const create = useMutation({
    mutationFn: (body: UserCreate) => api.post<User>('/api/users', body),
    onSuccess: (_u, body) => {
      setCreated(body.username);
      setForm(EMPTY);
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      if (err.code === 'user.exists' || err.code === 'user.weak_password') {
        setErrors({ [err.code === 'user.exists' ? 'username' : 'password']: err.code });
      } else if (err.status === 400) {
        const e: Errors = {};
        for (const [k, code] of Object.entries(fieldErrorsOf(err))) if (isField(k)) e[k] = code === 'request.invalid' ? FIELD_CODES[k] : code;
        setErrors(e);
      }
    },
  });

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const parsed = UserCreate.safeParse({
      ...form,
      agencyCode: form.agencyCode || null,
      areaCommunes: form.areaScope === 'communes' ? form.areaCommunes : [],
    });
    const errs: Errors = {};
    if (form.areaScope === 'communes' && form.areaCommunes.length === 0) errs.areaCommunes = FIELD_CODES.areaCommunes;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const k = issue.path[0];
        if (isField(k) && !errs[k]) errs[k] = FIELD_CODES[k];
      }
    }
    setErrors(errs);
    if (parsed.success && Object.keys(errs).length === 0) create.mutate(parsed.data);
  };

  const err = (k: Field) => (errors[k] ? msg(errors[k]) : null);
  const agencyOptions = (agencies.data?.items ?? []).map((a) => ({ value: a.code, label: a.name }));
  const agencyName = (code: string | null) => agencies.data?.items.find((a) => a.code === code)?.shortName ?? code;
  const status = (u: User) =>
    u.disabled ? (
      <Text size="sm" c="gray.7">✕ {t('users.disabled')}</Text>
    ) : u.lockedUntil && new Date(u.lockedUntil) > new Date() ? (
      <Text size="sm" c="orange.9">! {t('users.lockedUntil', { time: dateTime(u.lockedUntil) })}</Text>
    ) : (
      <Text size="sm" c="green.9">✓ {t('users.active')}</Text>
    );

  // ---- layout
  return (
    <Stack gap="md">
      <PageHeader title={t('users.title')} />

      <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      {users.isPending ? (
        <Loading />
      ) : users.data && users.data.items.length === 0 ? (
        <Text>{t('users.empty')}</Text>
      ) : users.data ? (
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.username')}</Table.Th>
                <Table.Th>{t('users.displayName')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.agency')}</Table.Th>
                <Table.Th>{t('users.area')}</Table.Th>
                <Table.Th>{t('users.totp')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td><code>{u.username}</code></Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>{ROLE_LABELS[u.role][lang]}</Table.Td>
                  <Table.Td>{u.agencyCode ? agencyName(u.agencyCode) : t('common.none')}</Table.Td>
                  <Table.Td title={u.areaCommunes.map(communes.nameOf).join(', ')}>
                    {u.areaScope === 'province' ? t('area.province') : t('area.communes', { n: u.areaCommunes.length })}
                  </Table.Td>
                  <Table.Td>{u.totpEnabled ? `✓ ${t('users.totpOn')}` : `– ${t('users.totpOff')}`}</Table.Td>
                  <Table.Td>{status(u)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}

      <Card withBorder component="form" onSubmit={onSubmit} noValidate maw={900}>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('users.new')}</Title>
          {created && (
            <Notice color="green" kind="status">✓ {t('users.created', { username: created })}</Notice>
          )}
          <ErrorAlert error={shownInline(create.error) ? null : create.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <TextInput
              label={t('users.username')}
              description={t('users.usernameRule')}
              value={form.username}
              onChange={(e) => set('username', e.currentTarget.value.toLowerCase())}
              autoComplete="off"
              autoCapitalize="none"
              required
              error={err('username')}
            />
            <TextInput
              label={t('users.displayName')}
              value={form.displayName}
              onChange={(e) => set('displayName', e.currentTarget.value)}
              required
              error={err('displayName')}
            />
            <PasswordInput
              label={t('users.password')}
              description={t('users.passwordHint')}
              value={form.password}
              onChange={(e) => set('password', e.currentTarget.value)}
              autoComplete="new-password"
              required
              error={err('password')}
            />
            <NativeSelect
              label={t('users.role')}
              value={form.role}
              onChange={(e) => set('role', e.currentTarget.value as Role)}
              data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }))}
              error={err('role')}
            />
            <Select
              {...selectLabelProps('user-agency')}
              label={t('users.agency')}
              placeholder={t('users.noAgency')}
              data={agencyOptions}
              value={form.agencyCode || null}
              onChange={(v) => set('agencyCode', v ?? '')}
              searchable
              clearable
              error={err('agencyCode')}
            />
            <Radio.Group
              label={t('users.areaScope')}
              value={form.areaScope}
              onChange={(v) => set('areaScope', v === 'communes' ? 'communes' : 'province')}
              error={err('areaScope')}
            >
              <Group mt={6} gap="md">
                <Radio value="province" label={t('area.province')} />
                <Radio value="communes" label={t('users.communes')} />
              </Group>
            </Radio.Group>
          </SimpleGrid>
          {form.areaScope === 'communes' && (
            <MultiSelect
              {...selectLabelProps('user-communes')}
              label={t('users.communes')}
              data={communes.options}
              value={form.areaCommunes}
              onChange={(v) => set('areaCommunes', v)}
              searchable
              clearable
              required
              hidePickedOptions
              error={err('areaCommunes')}
            />
          )}
          <Button type="submit" w="fit-content" loading={create.isPending}>{t('users.create')}</Button>
        </Stack>
      </Card>
    </Stack>
  );
}
