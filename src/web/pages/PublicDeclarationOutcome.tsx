// What the citizen sees after sending a declaration: received (with its number), and either "nothing to do
// but 5K" or the measures in plain words with their dates, who will call, and why (the area, the rule, its
// legal reference). Risk is written, never shown by colour alone.
import type { ReactNode } from 'react';
import { Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import type { DeclarationOutcome } from '../../contracts/intake.declarations.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { formatDate, formatDateTimeMinutes } from '../lib/format.ts';
import { adviceFor, riskColor } from '../lib/declaration.ts';
import { Notice } from '../components/Status.tsx';

export function DeclarationOutcomeView(props: { outcome: DeclarationOutcome; onAnother: () => void }): ReactNode {
  const { t } = useI18n();
  const o = props.outcome;
  const advice = adviceFor(o, formatDate);
  const flagged = o.outcome === 'flagged';
  return (
    <Stack gap="md" role="region" aria-labelledby="decl-outcome-title">
      <div>
        <Title order={2} size="h3" id="decl-outcome-title">{t('decl.outcome.title', { receipt: o.receipt })}</Title>
        <Text size="sm" c="dimmed">{t('decl.outcome.when', { time: formatDateTimeMinutes(o.submittedAt) })}</Text>
      </div>
      {o.replayed && <Notice color="blue" kind="note">{t('decl.outcome.replayed')}</Notice>}
      {!flagged ? (
        <Notice color="green" kind="status" title={`✓ ${t('decl.outcome.clear')}`}>
          <Text size="sm">{t('decl.outcome.clearAdvice')}</Text>
        </Notice>
      ) : (
        <Notice color="orange" kind="status" title={`⚠ ${t('decl.outcome.flagged')}`}>
          <List type="ordered" spacing={6} size="sm" mt={4}>
            {advice.map((a) => <List.Item key={a.key}>{t(a.key as MessageKey, a.params)}</List.Item>)}
          </List>
          <Text size="sm" mt="sm" fw={600}>
            {t('decl.outcome.notified', { commune: o.communeName ?? t('decl.commune') })}
          </Text>
        </Notice>
      )}
      {flagged && (
        <div>
          <Title order={3} size="h5" mb={4}>{t('decl.outcome.why')}</Title>
          <Stack gap="xs">
            {o.flags.map((f, i) => (
              <div key={`${f.flag}-${i}`}>
                <Text size="sm">
                  {f.flag === 'epidemic_area'
                    ? t('decl.flag.epidemic_area', { areas: f.areas.map((a) => a.name).join(', ') })
                    : f.flag === 'symptoms'
                      ? t('decl.flag.symptoms', { symptoms: f.symptoms.map((s) => t(`decl.symptom.${s}` as MessageKey)).join(', ') })
                      : t(`decl.flag.${f.flag}` as MessageKey)}
                </Text>
                {f.areas.map((a) => (
                  <Group key={a.name} gap={6} mt={2} wrap="wrap">
                    <Badge color={riskColor(a.riskLevel)} variant="light" tt="none">{t(`area.risk.${a.riskLevel as 1 | 2 | 3 | 4}`)}</Badge>
                    <Text size="xs">
                      {a.dateTo ? t('area.window', { from: formatDate(a.dateFrom), to: formatDate(a.dateTo) }) : t('area.windowOpen', { from: formatDate(a.dateFrom) })}
                    </Text>
                  </Group>
                ))}
                <Text size="xs" c="dimmed">{t('decl.outcome.legal', { ref: f.legalRef })}</Text>
              </div>
            ))}
          </Stack>
        </div>
      )}
      <Button variant="light" onClick={props.onAnother} w="fit-content">{t('decl.outcome.another')}</Button>
    </Stack>
  );
}
