/**
 * The one-line description of every operation, read from the TSDoc of its row in
 * `src/platform/operations.ts`: what the adapters' methods show is what the OpenAPI document
 * says, and the core ships no copy of the text.
 *
 * Build time only: it reads the source with the TypeScript compiler (a devDependency), for
 * `scripts/openapi.ts` and the tests. No entry point of the package imports it.
 *
 * @internal
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const TABLE = fileURLToPath(new URL('../platform/operations.ts', import.meta.url));

/**
 * Operation name → the text of its row's TSDoc, on one line.
 *
 * @example
 * ```ts
 * operationSummaries().getCard; // "This channel's e-card, in any status (R13)."
 * ```
 */
export function operationSummaries(): Record<string, string> {
  const source = ts.createSourceFile(
    TABLE,
    readFileSync(TABLE, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const summaries: Record<string, string> = {};
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(source) === 'rows' &&
      node.initializer
    ) {
      let table: ts.Expression = node.initializer;
      while (ts.isAsExpression(table) || ts.isSatisfiesExpression(table)) table = table.expression;
      if (!ts.isObjectLiteralExpression(table)) return;
      for (const property of table.properties) {
        const name = property.name?.getText(source);
        const doc = ts.getJSDocCommentsAndTags(property).find(ts.isJSDoc);
        const text = doc ? ts.getTextOfJSDocComment(doc.comment) : undefined;
        if (name && text) summaries[name] = text.replace(/\s+/g, ' ').trim();
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return summaries;
}
