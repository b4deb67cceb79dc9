// Routes of the web app. Everything except /login sits behind RequireAuth; admin pages also check a permission
// (the server checks again — hiding is only for clarity).
import { useEffect, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../contracts/auth.ts';
import { setUnauthorizedHandler } from './api.ts';
import { can, ME_KEY, useMe } from './auth.ts';
import { useI18n } from './i18n.ts';
import { Layout } from './components/Layout.tsx';
import { ErrorAlert, Loading } from './components/Status.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { ComingSoonPage } from './pages/ComingSoonPage.tsx';
import { SecurityPage } from './pages/SecurityPage.tsx';
import { PeopleListPage } from './pages/PeopleListPage.tsx';
import { PersonPage } from './pages/PersonPage.tsx';
import { PersonFormPage } from './pages/PersonFormPage.tsx';
import { TracingPage } from './pages/TracingPage.tsx';
import { CaseFormPage } from './pages/CaseFormPage.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { ChainsPage } from './pages/ChainsPage.tsx';
import { ContactLineListPage } from './pages/ContactLineListPage.tsx';
import { WorkQueuePage } from './pages/WorkQueuePage.tsx';
import { CheckpointPage } from './pages/CheckpointPage.tsx';
import { PublicCheckinPage } from './pages/PublicCheckinPage.tsx';
import { StaffCheckinPage } from './pages/StaffCheckinPage.tsx';
import { VenuesPage } from './pages/VenuesPage.tsx';
import { CheckpointsPage } from './pages/CheckpointsPage.tsx';
import { DocumentListPage } from './pages/DocumentListPage.tsx';
import { DocumentPage } from './pages/DocumentPage.tsx';
import { DirectiveImportPage } from './pages/DirectiveImportPage.tsx';
import { TaskBoardPage } from './pages/TaskBoardPage.tsx';
import { TaskBoardTaskPage } from './pages/TaskBoardTaskPage.tsx';
import { DirectiveDraftsPage } from './pages/DirectiveDraftsPage.tsx';
import { DirectiveDraftPage } from './pages/DirectiveDraftPage.tsx';
import { DIRECTIVE_PERMISSIONS } from '../contracts/directives.documents.ts';
import { PublicLayout } from './pages/PublicLayout.tsx';
import { PublicDeclarationPage } from './pages/PublicDeclarationPage.tsx';
import { PublicEpidemicAreasPage } from './pages/PublicEpidemicAreasPage.tsx';
import { PublicReportPage } from './pages/PublicReportPage.tsx';
import { DeclarationsPage } from './pages/DeclarationsPage.tsx';
import { DeclarationNewPage } from './pages/DeclarationNewPage.tsx';
import { DeclarationPage } from './pages/DeclarationPage.tsx';
import { DeclarationFlagsPage } from './pages/DeclarationFlagsPage.tsx';
import { EpidemicAreasPage } from './pages/EpidemicAreasPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { AuditPage } from './pages/admin/AuditPage.tsx';
import { UsersPage } from './pages/admin/UsersPage.tsx';
import { RetentionPage } from './pages/admin/RetentionPage.tsx';

export function App(): ReactNode {
  return (
    <>
      <UnauthorizedRedirect />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<PublicLayout />}>
          <Route path="/khai-bao" element={<PublicDeclarationPage />} />
          <Route path="/vung-dich" element={<PublicEpidemicAreasPage />} />
          <Route path="/phan-anh" element={<PublicReportPage />} />
          <Route path="/c/:token" element={<PublicCheckinPage />} />
        </Route>
        <Route element={<RequireAuth />}>
          <Route path="/" element={<DashboardPage />} />
          <Route path="/people" element={<RequirePermission permission="person.read"><PeopleListPage /></RequirePermission>} />
          <Route path="/people/new" element={<RequirePermission permission="person.write"><PersonFormPage /></RequirePermission>} />
          <Route path="/people/:id" element={<RequirePermission permission="person.read"><PersonPage /></RequirePermission>} />
          <Route path="/people/:id/edit" element={<RequirePermission permission="person.write"><PersonFormPage /></RequirePermission>} />
          <Route path="/tracing" element={<RequirePermission permission="tracing.read"><TracingPage /></RequirePermission>} />
          <Route path="/tracing/cases/new" element={<RequirePermission permission="tracing.write"><CaseFormPage /></RequirePermission>} />
          <Route path="/tracing/cases/:id" element={<RequirePermission permission="tracing.read"><CasePage /></RequirePermission>} />
          <Route path="/tracing/cases/:id/contacts" element={<RequirePermission permission="tracing.write"><ContactLineListPage /></RequirePermission>} />
          <Route path="/tracing/chains" element={<RequirePermission permission="tracing.read"><ChainsPage /></RequirePermission>} />
          <Route path="/tracing/work" element={<RequirePermission permission="tracing.read"><WorkQueuePage /></RequirePermission>} />
          <Route path="/testing" element={<ComingSoonPage module="testing" />} />
          <Route path="/directives" element={<RequirePermission permission={DIRECTIVE_PERMISSIONS.read}><DocumentListPage /></RequirePermission>} />
          <Route path="/directives/documents/:id" element={<RequirePermission permission={DIRECTIVE_PERMISSIONS.read}><DocumentPage /></RequirePermission>} />
          <Route path="/directives/import" element={<RequirePermission permission={DIRECTIVE_PERMISSIONS.write}><DirectiveImportPage /></RequirePermission>} />
          <Route path="/directives/tasks" element={<RequirePermission permission={DIRECTIVE_PERMISSIONS.read}><TaskBoardPage /></RequirePermission>} />
          <Route path="/directives/tasks/:id" element={<RequirePermission permission={DIRECTIVE_PERMISSIONS.read}><TaskBoardTaskPage /></RequirePermission>} />
          <Route path="/directives/drafts" element={<RequirePermission permission={DIRECTIVE_PERMISSIONS.write}><DirectiveDraftsPage /></RequirePermission>} />
          <Route path="/directives/drafts/new" element={<RequirePermission permission={DIRECTIVE_PERMISSIONS.write}><DirectiveDraftPage /></RequirePermission>} />
          <Route path="/directives/drafts/:id" element={<RequirePermission permission={DIRECTIVE_PERMISSIONS.write}><DirectiveDraftPage /></RequirePermission>} />
          <Route path="/intake" element={<Navigate to="/intake/declarations" replace />} />
          <Route path="/intake/declarations" element={<RequirePermission permission="person.read"><DeclarationsPage /></RequirePermission>} />
          <Route path="/intake/declarations/new" element={<RequirePermission permission="person.write"><DeclarationNewPage /></RequirePermission>} />
          <Route path="/intake/declarations/:id" element={<RequirePermission permission="person.read"><DeclarationPage /></RequirePermission>} />
          <Route path="/intake/flags" element={<RequirePermission permission="tracing.read"><DeclarationFlagsPage /></RequirePermission>} />
          <Route path="/intake/areas" element={<RequirePermission permission="reference.read"><EpidemicAreasPage /></RequirePermission>} />
          <Route path="/intake/reports" element={<RequirePermission permission="tracing.read"><ReportsPage /></RequirePermission>} />
          <Route path="/security" element={<SecurityPage />} />
          <Route path="/admin/audit" element={<RequirePermission permission="audit.read"><AuditPage /></RequirePermission>} />
          <Route path="/admin/users" element={<RequirePermission permission="user.manage"><UsersPage /></RequirePermission>} />
          <Route path="/admin/retention" element={<RequirePermission permission="retention.manage"><RetentionPage /></RequirePermission>} />
          <Route path="/venues" element={<RequirePermission permission="tracing.read"><VenuesPage /></RequirePermission>} />
          <Route path="/venues/checkin" element={<RequirePermission permission="tracing.write"><StaffCheckinPage /></RequirePermission>} />
          <Route path="/checkpoints" element={<RequirePermission permission="tracing.read"><CheckpointsPage /></RequirePermission>} />
          <Route path="/checkpoints/:id" element={<RequirePermission permission="tracing.write"><CheckpointPage /></RequirePermission>} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </>
  );
}

/** Any API call answered 401 (session expired, logged out elsewhere) leads to the login page. */
function UnauthorizedRedirect(): null {
  const navigate = useNavigate();
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      const from = window.location.pathname + window.location.search;
      qc.setQueryData(ME_KEY, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      if (window.location.pathname !== '/login') navigate('/login', { replace: true, state: { from } });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, qc]);
  return null;
}

function RequireAuth(): ReactNode {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <Center p="xl"><ErrorAlert error={me.error} onRetry={() => void me.refetch()} /></Center>;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Layout />;
}

function RequirePermission(props: { permission: Permission; children: ReactNode }): ReactNode {
  const { data } = useMe();
  const { msg } = useI18n();
  if (!can(data, props.permission)) {
    return (
      <Stack maw={520} mx="auto" mt="xl">
        <Title order={1} size="h3">{msg('auth.forbidden')}</Title>
      </Stack>
    );
  }
  return props.children;
}

function NotFound(): ReactNode {
  const { t } = useI18n();
  return (
    <Stack maw={520} mx="auto" mt="xl" gap="sm">
      <Title order={1} size="h3">{t('common.notFoundTitle')}</Title>
      <Text>{t('common.notFoundText')}</Text>
      <Button component={Link} to="/" variant="light" w="fit-content">{t('common.home')}</Button>
    </Stack>
  );
}
