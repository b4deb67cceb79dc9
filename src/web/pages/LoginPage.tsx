// Login: username + password, then either a 6-digit TOTP code or (for accounts that must have it) the TOTP
// setup. Server errors (wrong password, locked account, rate limit) are shown from their code.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Anchor, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginResult } from '../../contracts/auth.ts';
import { api, isApiError } from '../api.ts';
import { ME_KEY, useMe } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { LanguageSwitch } from '../components/Layout.tsx';
import { usePageTitle } from '../components/Page.tsx';
import { ErrorAlert } from '../components/Status.tsx';
import { CodeInput } from '../components/CodeInput.tsx';
import { TotpSetupPanel } from '../components/TotpSetupPanel.tsx';

type Step = 'password' | 'totp' | 'setup';

function targetOf(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage(): ReactNode {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const target = targetOf(location.state);
  const [step, setStep] = useState<Step>('password');
  const [expired, setExpired] = useState<unknown>(null);
  usePageTitle(t('login.title'));

  const finish = (result: LoginResult) => {
    if (result.status === 'totp_required') return setStep('totp');
    if (result.status === 'totp_setup_required') return setStep('setup');
    if (result.user) qc.setQueryData(ME_KEY, result.user);
    else void qc.invalidateQueries({ queryKey: ME_KEY });
    navigate(target, { replace: true });
  };

  /** The half-open session of the second step expired: start again. */
  const restart = (error: unknown = null) => {
    setExpired(error);
    setStep('password');
  };

  if (me.data && step === 'password') return <Navigate to={target} replace />;

  return (
    <Box mih="100vh" bg="gray.0" p="md">
      <Group justify="flex-end">
        <LanguageSwitch />
      </Group>
      <Center mt={{ base: 'md', sm: 60 }}>
        <Paper component="main" withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md" w="100%" maw={420}>
          <Stack gap={4} mb="lg">
            <Title order={1} size="h2">
              {t('app.name')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('app.tagline')}
            </Text>
          </Stack>
          {step === 'password' && <PasswordStep onResult={finish} initialError={expired} />}
          {step === 'totp' && <TotpStep onResult={finish} onRestart={restart} />}
          {step === 'setup' && (
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('login.setupTitle')}
              </Title>
              <Text size="sm">{t('login.setupHint')}</Text>
              <TotpSetupPanel autoStart noAuthRedirect onDone={finish} />
              <Anchor component="button" type="button" size="sm" onClick={() => restart()}>
                {t('login.startOver')}
              </Anchor>
            </Stack>
          )}
        </Paper>
      </Center>
    </Box>
  );
}

function PasswordStep(props: { onResult: (r: LoginResult) => void; initialError: unknown }): ReactNode {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const login = useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      api.post<LoginResult>('/api/auth/login', body, { noAuthRedirect: true }),
    onSuccess: props.onResult,
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const m = { username: username.trim() === '', password: password === '' };
    setMissing(m);
    if (m.username || m.password) return;
    login.mutate({ username: username.trim(), password });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('login.title')}
        </Title>
        {login.error ? <ErrorAlert error={login.error} /> : <ErrorAlert error={props.initialError} />}
        <TextInput
          label={t('login.username')}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          error={missing.username ? t('common.required') : null}
        />
        <PasswordInput
          label={t('login.password')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="current-password"
          error={missing.password ? t('common.required') : null}
        />
        <Button type="submit" loading={login.isPending} mt="xs">
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}

function TotpStep(props: { onResult: (r: LoginResult) => void; onRestart: (error?: unknown) => void }): ReactNode {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [formatError, setFormatError] = useState(false);
  const verify = useMutation({
    mutationFn: (c: string) => api.post<LoginResult>('/api/auth/totp', { code: c }, { noAuthRedirect: true }),
    onSuccess: props.onResult,
    onError: (err) => {
      if (isApiError(err, 'auth.unauthenticated')) props.onRestart(err);
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const c = code.replace(/\s/g, '');
    setFormatError(!/^\d{6}$/.test(c));
    if (/^\d{6}$/.test(c)) verify.mutate(c);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('login.totpTitle')}
        </Title>
        <Text size="sm">{t('login.totpHint')}</Text>
        <ErrorAlert error={verify.error} />
        <CodeInput label={t('login.totpCode')} value={code} onChange={setCode} autoFocus error={formatError ? t('login.codeFormat') : null} />
        <Button type="submit" loading={verify.isPending}>
          {t('login.verify')}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={() => props.onRestart()}>
          {t('login.startOver')}
        </Anchor>
      </Stack>
    </form>
  );
}
