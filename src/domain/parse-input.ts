import * as z from 'zod/mini';
import { EsscError, type ValidationIssue, type WeakPasswordReason } from './errors.js';
import { structuralIssueMessage } from './issue-messages.js';
import { validationError, zodIssues } from './validation.js';

const WEAK_REASONS: ReadonlySet<string> = new Set<WeakPasswordReason>([
  'format',
  'same-digit',
  'sequence',
  'from-id-number',
  'common',
]);

/**
 * Parses a call's input at the edge. Field problems become `VALIDATION_FAILED` with one issue
 * per field; a new password that breaks only the password rules becomes `WEAK_PASSWORD` with
 * its reason, the code a password form switches on. Messages never carry the input's values.
 * Takes any zod 4 schema, classic or mini (`z.safeParse` is the shared core's).
 */
export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> {
  // Valid input (nearly every call) parses once without an error map, which zod only reads on
  // a failure but which costs it a slower path per call; a failure parses again, with it.
  const valid = z.safeParse(schema, input);
  if (valid.success) return valid.data;
  const result = z.safeParse(schema, input, { error: structuralIssueMessage });
  if (result.success) return result.data;
  const issues: ValidationIssue[] = zodIssues(result.error.issues);
  const weak = result.error.issues.map((issue) => {
    const reason = (issue as { params?: { reason?: unknown } }).params?.reason;
    return issue.path[0] === 'newPassword' && typeof reason === 'string' && WEAK_REASONS.has(reason)
      ? (reason as WeakPasswordReason)
      : undefined;
  });
  if (weak.every((r) => r !== undefined)) {
    const reason = weak[0]!;
    return throwError(
      new EsscError('WEAK_PASSWORD', `The new password is too weak: ${issues[0]!.message}`, {
        details: { reason },
      }),
    );
  }
  const summary = issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
  return throwError(validationError(`Invalid input. ${summary}`, issues));
}

function throwError(error: EsscError): never {
  throw error;
}
