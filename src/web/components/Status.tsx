// Loading and error states shared by the pages. Errors are shown from their code in the UI language; the
// server's request id is printed so a user can quote it to the support desk.
import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { useI18n, type I18n } from '../i18n.ts';

export function errorText(err: unknown, i18n: Pick<I18n, 'msg' | 't'>): string {
  if (err instanceof ApiError) {
    const text = i18n.msg(err.code);
    return text === err.code ? err.message || err.code : text;
  }
  if (typeof err === 'string') return i18n.msg(err);
  return i18n.t('common.unexpected');
}

export function Loading(props: { label?: string }): ReactNode {
  const { t } = useI18n();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{props.label ?? t('common.loading')}</Text>
      </Group>
    </Center>
  );
}

/**
 * A coloured box with a bold heading line. The heading is plain text inside the box, not Mantine's `title`
 * (which would become the box's accessible name and make e.g. getByLabel('Số giấy tờ') match an error box
 * saying "Đã có hồ sơ với số giấy tờ này"). Errors are announced (role=alert), other notices are polite.
 */
export function Notice(props: {
  color: string;
  title?: ReactNode;
  kind?: 'alert' | 'status' | 'note';
  onClose?: () => void;
  children?: ReactNode;
  mb?: string;
}): ReactNode {
  const { t } = useI18n();
  const role = props.kind === 'note' ? 'note' : (props.kind ?? 'alert');
  return (
    <Alert
      color={props.color}
      variant="light"
      role={role}
      mb={props.mb}
      withCloseButton={!!props.onClose}
      onClose={props.onClose}
      closeButtonLabel={t('common.close')}
    >
      {props.title && (
        <Text size="sm" fw={700} mb={props.children ? 4 : 0}>
          {props.title}
        </Text>
      )}
      {props.children}
    </Alert>
  );
}

export function ErrorAlert(props: { error: unknown; title?: string; onRetry?: () => void; children?: ReactNode }): ReactNode {
  const i18n = useI18n();
  if (!props.error) return null;
  const requestId = props.error instanceof ApiError ? props.error.requestId : null;
  return (
    <Notice color="red" title={props.title ?? `⚠ ${errorText(props.error, i18n)}`} mb="md">
      {props.title && <Text size="sm">{errorText(props.error, i18n)}</Text>}
      {requestId && (
        <Text size="xs" c="dimmed">
          {i18n.t('common.requestId', { id: requestId })}
        </Text>
      )}
      {props.children}
      {props.onRetry && (
        <Button size="xs" variant="outline" color="red" mt="xs" onClick={props.onRetry}>
          {i18n.t('common.retry')}
        </Button>
      )}
    </Notice>
  );
}
