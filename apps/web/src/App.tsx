import { lazy, Suspense, type ComponentType, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { createHashRouter, Navigate, RouterProvider, useParams } from 'react-router';
import { useSession } from './auth/session';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { AppraisalQueuePage } from './pages/AppraisalQueuePage';
import { AuditDossierPage } from './pages/AuditDossierPage';
import { AuditSearchPage } from './pages/AuditSearchPage';
import { CommunePage } from './pages/CommunePage';
import { DeadlineBoardPage } from './pages/DeadlineBoardPage';
import { DecisionsPage } from './pages/DecisionsPage';
import { DossierListPage } from './pages/DossierListPage';
import { DossierPage } from './pages/dossier/DossierPage';
import { InboxPage } from './pages/InboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { homeOf, mayImport } from './roles';

// ECharts is the largest dependency and only the statistics page draws charts: it loads with that page.
const StatisticsPage = lazy(() => import('./pages/StatisticsPage'));
// Pages a few people open now and then (the import, the regulations) do not weigh on everyone's first load.
const ImportPage = lazy(() => import('./pages/ImportPage').then((m) => ({ default: m.ImportPage })));
const RegulationsPage = lazy(() => import('./pages/RegulationsPage').then((m) => ({ default: m.RegulationsPage })));

function Home() {
  const { me } = useSession();
  return <Navigate to={me ? homeOf(me.role) : '/sign-in'} replace />;
}

/** A page per dossier: moving from one dossier to another starts afresh (its revision, its forms, its time travel). */
function PerDossier({ page: Page }: { page: () => JSX.Element | null }) {
  const { id } = useParams();
  return <Page key={id} />;
}

function Later({ page: Page }: { page: ComponentType }) {
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

function Imports() {
  const { me } = useSession();
  return me && mayImport(me.role) ? <Later page={ImportPage} /> : <NotFoundPage />;
}

/**
 * Hash routing (`/#/dossiers/…`): the server only serves `/`, so no console page can shadow an API route such as
 * GET /dossiers or /statistics/24, and a reload of any page needs nothing from the server but `/`.
 */
const signedIn = createHashRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/sign-in', element: <Home /> },
      { path: '/dossiers', element: <DossierListPage /> },
      { path: '/dossiers/:id', element: <PerDossier page={DossierPage} /> },
      { path: '/dossiers/:id/audit', element: <PerDossier page={AuditDossierPage} /> },
      { path: '/inbox', element: <InboxPage /> },
      { path: '/appraisal', element: <AppraisalQueuePage /> },
      { path: '/decisions', element: <DecisionsPage /> },
      { path: '/deadlines', element: <DeadlineBoardPage /> },
      { path: '/statistics', element: <Later page={StatisticsPage} /> },
      { path: '/audit', element: <AuditSearchPage /> },
      { path: '/imports', element: <Imports /> },
      { path: '/regulations', element: <Later page={RegulationsPage} /> },
      { path: '/communes/:code', element: <CommunePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

const signedOut = createHashRouter([{ path: '*', element: <SignInPage /> }]);

export function App() {
  const { t } = useTranslation();
  const { me, loading } = useSession();
  if (loading) return <Loading label={t('signIn.checking')} />;
  return <RouterProvider router={me ? signedIn : signedOut} />;
}
