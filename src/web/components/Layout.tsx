// Application frame: header (name, access purpose, language, user menu), module navigation (a burger menu below
// 'sm', so the app works on a 375 px phone; the access purpose moves into it there) and the routed page.
import { useEffect, useId, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import {
  Anchor, AppShell, Avatar, Badge, Burger, Button, Divider, Group, Menu, NativeSelect, NavLink, ScrollArea, Text,
  UnstyledButton, useMantineTheme,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { ROLE_LABELS, type Permission } from '../../contracts/auth.ts';
import { can, useLogout, useUser } from '../auth.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { isPurpose, PURPOSES, setPurpose, usePurpose } from '../lib/purpose.ts';

interface NavItem {
  to: string;
  label: MessageKey;
  permission?: Permission;
  soon?: boolean;
}

const MODULES: readonly NavItem[] = [
  { to: '/', label: 'nav.dashboard' },
  { to: '/people', label: 'nav.people', permission: 'person.read' },
  { to: '/tracing', label: 'nav.tracing', permission: 'tracing.read' },
  { to: '/testing', label: 'nav.testing', soon: true },
  { to: '/directives', label: 'nav.directives', permission: 'directive.read' },
  { to: '/intake/declarations', label: 'decl.nav', permission: 'person.read' },
  { to: '/intake/flags', label: 'decl.flags.nav', permission: 'tracing.read' },
  { to: '/intake/areas', label: 'area.nav', permission: 'reference.read' },
  { to: '/intake/reports', label: 'report.nav', permission: 'tracing.read' },
  { to: '/venues', label: 'venues.nav', permission: 'tracing.read' },
  { to: '/checkpoints', label: 'checkpoints.nav', permission: 'tracing.read' },
];

const ADMIN: readonly NavItem[] = [
  { to: '/admin/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/admin/users', label: 'nav.users', permission: 'user.manage' },
  { to: '/admin/retention', label: 'nav.retention', permission: 'retention.manage' },
];

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function Layout(): ReactNode {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { t } = useI18n();
  const me = useUser();
  const { pathname } = useLocation();

  useEffect(() => close(), [pathname, close]);

  const visible = (items: readonly NavItem[]) => items.filter((i) => !i.permission || can(me, i.permission));
  const modules = visible(MODULES);
  const admin = visible(ADMIN);
  // The access purpose sits in the header from 'sm' up and in the burger navbar below; rendered once, not hidden twice.
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, { getInitialValueInEffect: false });
  const readsPeople = can(me, 'person.read');

  const renderItem = (item: NavItem) => (
    <NavLink
      key={item.to}
      component={Link}
      to={item.to}
      label={t(item.label)}
      active={isActive(pathname, item.to)}
      aria-current={isActive(pathname, item.to) ? 'page' : undefined}
      rightSection={
        item.soon ? (
          <Badge size="xs" variant="outline" color="gray">
            {t('nav.soon')}
          </Badge>
        ) : undefined
      }
    />
  );

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md' }}
    >
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.toggle')}
              aria-expanded={opened}
              aria-controls="app-navbar"
            />
            <Anchor component={Link} to="/" fw={700} size="lg" c="inherit" underline="never">
              {t('app.name')}
            </Anchor>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {readsPeople && wide && <PurposeSelect inline />}
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar id="app-navbar" p="xs" component="nav" aria-label={t('nav.main')}>
        {readsPeople && !wide && (
          <AppShell.Section pb="xs" mb="xs" style={{ borderBottom: '1px solid var(--app-shell-border-color)' }}>
            <PurposeSelect />
          </AppShell.Section>
        )}
        <AppShell.Section grow component={ScrollArea}>
          {modules.map(renderItem)}
          {admin.length > 0 && (
            <>
              <Divider my="xs" label={t('nav.admin')} labelPosition="left" />
              {admin.map(renderItem)}
            </>
          )}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/**
 * The declared purpose of access, sent with every read of a person's record (and written to the access log).
 * `inline`: compact, for the header, its label beside it on wide screens; otherwise labelled above (phone navbar).
 */
function PurposeSelect(props: { inline?: boolean }): ReactNode {
  const { t } = useI18n();
  const purpose = usePurpose();
  const id = useId();
  const label = t('purpose.label');
  const data = PURPOSES.map((p) => ({ value: p, label: t(`purpose.${p}`) }));
  const onChange = (value: string) => {
    if (isPurpose(value)) setPurpose(value);
  };
  if (!props.inline) {
    return <NativeSelect id={id} label={label} data={data} value={purpose} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Text component="label" htmlFor={id} size="sm" c="dimmed" visibleFrom="md" className="pd-nowrap">
        {label}
      </Text>
      <NativeSelect
        id={id}
        aria-label={label}
        title={label}
        size="xs"
        w={165}
        data={data}
        value={purpose}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    </Group>
  );
}

/** Two buttons VI / EN; the pressed one is the current language (aria-pressed, filled, not only colour). */
export function LanguageSwitch(): ReactNode {
  const { lang, setLang, t } = useI18n();
  return (
    <Button.Group aria-label={t('lang.label')}>
      {(['vi', 'en'] as const).map((l) => (
        <Button
          key={l}
          size="compact-sm"
          variant={lang === l ? 'filled' : 'default'}
          aria-pressed={lang === l}
          title={t(l === 'vi' ? 'lang.vi' : 'lang.en')}
          lang={l}
          onClick={() => setLang(l)}
        >
          {l.toUpperCase()}
        </Button>
      ))}
    </Button.Group>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  return (last[0] ?? '?').toUpperCase();
}

function UserMenu(): ReactNode {
  const me = useUser();
  const { t, lang } = useI18n();
  const logout = useLogout();
  const navigate = useNavigate();
  const roleLabel = ROLE_LABELS[me.role][lang];

  const onLogout = () => {
    logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  };

  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={t('user.menu', { name: me.displayName })} p={4} style={{ borderRadius: 6 }}>
          <Group gap={6} wrap="nowrap">
            <Avatar size="sm" radius="xl" color="blue" aria-hidden>
              {initials(me.displayName)}
            </Avatar>
            <Text size="sm" visibleFrom="sm" truncate maw={180}>
              {me.displayName}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {me.displayName}
          </Text>
          <Text size="xs">
            {me.username} · {roleLabel}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/security">
          {t('user.security')}
        </Menu.Item>
        <Menu.Item onClick={onLogout} color="red">
          {t('user.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
