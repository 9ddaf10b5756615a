import { Route, Routes } from 'react-router';
import { useMeRequired } from '../../auth/AuthContext';
import { hasRole } from '../../lib/roles';
import { NotFoundPage } from '../NotFoundPage';
import { ChangeCalendarPage } from './ChangeCalendarPage';
import { ChangeListPage } from './ChangeListPage';
import { ChangePage } from './ChangePage';
import { EditChangePage } from './EditChangePage';
import { NewChangePage } from './NewChangePage';

/** `/changes/*`: the list, the supervisors' approval queue, the calendar, the form and a change. */
export default function ChangeRoutes() {
  const me = useMeRequired();
  return (
    <Routes>
      <Route index element={<ChangeListPage />} />
      <Route
        path="approvals"
        element={hasRole(me, 'supervisor') ? <ChangeListPage approvals /> : <NotFoundPage />}
      />
      <Route path="calendar" element={<ChangeCalendarPage />} />
      <Route path="new" element={<NewChangePage />} />
      <Route path=":id" element={<ChangePage />} />
      <Route path=":id/edit" element={<EditChangePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
