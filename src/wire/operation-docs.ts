/**
 * The one-line description of every operation, read from the TSDoc of its row in
 * `src/platform/operations.ts` or `src/platform/acceptor-operations.ts`: what the adapters' methods show is what the OpenAPI document
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

/** The files of the operation table, and the names of their row objects. */
const TABLES: readonly { file: string; names: readonly string[] }[] = [
  { file: '../platform/operations.ts', names: ['rows'] },
  { file: '../platform/acceptor-operations.ts', names: ['merchantRows', 'portalRows'] },
];

/**
 * Operation name → the text of its row's TSDoc, on one line.
 *
 * @example
 * ```ts
 * operationSummaries().getCard; // "This channel's e-card, in any status (R13)."
 * ```
 */
export function operationSummaries(): Record<string, string> {
  const summaries: Record<string, string> = {};
  for (const { file, names } of TABLES) {
    const path = fileURLToPath(new URL(file, import.meta.url));
    const source = ts.createSourceFile(
      path,
      readFileSync(path, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    readRows(source, names, summaries);
  }
  return summaries;
}

function readRows(
  source: ts.SourceFile,
  names: readonly string[],
  summaries: Record<string, string>,
): void {
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      names.includes(node.name.getText(source)) &&
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
}
