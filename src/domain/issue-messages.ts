/**
 * The English messages for the structural zod issues the core's schemas can raise (a field
 * of the wrong type or missing, an unexpected key). Classic zod loads a whole locale for
 * these; `zod/mini` loads none (it says "Invalid input"), and the locale would cost the core
 * more than a kilobyte of its size budget. The wording is classic zod's English, so messages
 * read the same whichever zod an app also loads.
 */
import type * as z from 'zod/mini';

function typeName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/**
 * The message of a structural issue, or `undefined` to leave the issue's own message (every
 * check of the domain schemas has one). Used as a schema's or a parse's `error` option.
 *
 * @internal
 */
export function structuralIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    return `Invalid input: expected ${issue.expected}, received ${typeName(issue.input)}`;
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${keys}`;
  }
  return undefined;
}
