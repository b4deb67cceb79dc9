// A list of possible duplicates of a person (from the duplicates check, a 409 on create, or a person's page),
// each with a link to the record, the reason it matched, and an optional action (merge).
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Group, List, Stack, Text } from '@mantine/core';
import type { DuplicateCandidate } from '../../contracts/people.ts';
import { useI18n } from '../i18n.ts';

export function DuplicateList(props: {
  items: readonly DuplicateCandidate[];
  /** Open links in a new tab (used inside the form so typed data is not lost). */
  newTab?: boolean;
  nameOf?: (code: string) => string;
  action?: (c: DuplicateCandidate) => ReactNode;
}): ReactNode {
  const { t, date } = useI18n();
  return (
    <List spacing="xs" listStyleType="none" p={0}>
      {props.items.map((c) => {
        const facts = [
          c.birthDate ? date(c.birthDate) : c.birthYear != null ? String(c.birthYear) : null,
          c.sex ? t(`sex.${c.sex}`) : null,
          c.idNumber ? `${c.idType ? t(`idType.${c.idType}`) : ''} ${c.idNumber}`.trim() : null,
          c.phone,
          c.communeName ?? props.nameOf?.(c.communeCode) ?? c.communeCode,
        ].filter(Boolean);
        return (
          <List.Item key={c.id}>
            <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
              <Stack gap={2}>
                <Group gap="xs">
                  <Anchor
                    component={Link}
                    to={`/people/${c.id}`}
                    fw={600}
                    {...(props.newTab ? { target: '_blank', rel: 'noopener' } : {})}
                  >
                    {c.fullName} (#{c.id})
                  </Anchor>
                  <Badge variant="outline" color="orange" size="sm" tt="none">
                    {t(`reason.${c.reason}`)}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  {facts.join(' · ')}
                </Text>
              </Stack>
              {props.action?.(c)}
            </Group>
          </List.Item>
        );
      })}
    </List>
  );
}
