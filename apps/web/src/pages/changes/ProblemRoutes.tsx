import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../NotFoundPage';
import { NewProblemPage, ProblemListPage, ProblemPage } from './ProblemPages';

/** `/problems/*`: the list, the form (from ticket numbers) and a problem with its linked tickets. */
export default function ProblemRoutes() {
  return (
    <Routes>
      <Route index element={<ProblemListPage />} />
      <Route path="new" element={<NewProblemPage />} />
      <Route path=":id" element={<ProblemPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
