// Account security: who I am, my area, and two-factor login (set up or re-set up for a new device).
import { useState, type ReactNode } from 'react';
import { Badge, Card, Stack, Table, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { ROLE_LABELS } from '../../contracts/auth.ts';
import { ME_KEY, useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { Notice } from '../components/Status.tsx';
import { TotpSetupPanel } from '../components/TotpSetupPanel.tsx';

export function SecurityPage(): ReactNode {
  const { t, lang } = useI18n();
  const me = useUser();
  const qc = useQueryClient();
  const communes = useCommunes();
  const [done, setDone] = useState(false);
  const [setupKey, setSetupKey] = useState(0);

  const area =
    me.areaScope === 'province'
      ? t('area.province')
      : `${t('area.communes', { n: me.areaCommunes.length })}: ${me.areaCommunes.map(communes.nameOf).join(', ')}`;

  return (
    <Stack maw={720}>
      <PageHeader title={t('security.title')} />
      <Card withBorder>
        <Table variant="vertical" layout="fixed" withRowBorders={false}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={140}>{t('security.account')}</Table.Th>
              <Table.Td>
                {me.displayName} ({me.username})
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('security.role')}</Table.Th>
              <Table.Td>{ROLE_LABELS[me.role][lang]}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('security.area')}</Table.Th>
              <Table.Td>{area}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('login.setupTitle')}
          </Title>
          <Badge color={me.totpEnabled ? 'green' : 'orange'} variant="light" w="fit-content">
            {me.totpEnabled ? `✓ ${t('security.totpOn')}` : `! ${t('security.totpOff')}`}
          </Badge>
          {done && (
            <Notice color="green" kind="status">
              ✓ {t('security.enabled')}
            </Notice>
          )}
          <TotpSetupPanel
            key={setupKey}
            startLabel={me.totpEnabled ? t('security.setupAgain') : t('totp.start')}
            requireCurrentCode={me.totpEnabled}
            onDone={(result) => {
              if (result.user) qc.setQueryData(ME_KEY, result.user);
              else void qc.invalidateQueries({ queryKey: ME_KEY });
              setDone(true);
              setSetupKey((k) => k + 1);
            }}
          />
        </Stack>
      </Card>
    </Stack>
  );
}
