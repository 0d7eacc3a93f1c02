/** One plain-language line for any failure an export can meet (API problems, file problems, cancels). */
import { explainProblem, isApiError } from '../../api/problems';

export function explainError(error: unknown): string {
  if (isApiError(error)) {
    const { title, detail, fix } = explainProblem(error.problem);
    return [title, detail, fix].filter(Boolean).join('. ').replace(/\.\./g, '.');
  }
  if (error instanceof DOMException && error.name === 'AbortError') return 'Cancelled.';
  if (error instanceof Error) return error.message;
  return String(error);
}
