// A definition list of label → value pairs in two columns (one on a phone), for record pages.
import type { ReactNode } from 'react';
import { Group, SimpleGrid, Text } from '@mantine/core';

export function FactList(props: { facts: ReadonlyArray<readonly [label: string, value: ReactNode]> }): ReactNode {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={6} component="dl" m={0}>
      {props.facts.map(([label, value]) => (
        <Group key={label} gap="xs" wrap="nowrap" align="baseline">
          <Text component="dt" size="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
            {label}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {value}
          </Text>
        </Group>
      ))}
    </SimpleGrid>
  );
}
