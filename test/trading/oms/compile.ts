import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Diagnostic {
  line: number;
  code: number;
  text: string;
}

/** The project's compiler options from tsconfig.json, without emit or incremental state. */
function projectOptions(): ts.CompilerOptions {
  const file = join(ROOT, 'tsconfig.json');
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, file);
  return { ...parsed.options, noEmit: true, incremental: false, tsBuildInfoFile: undefined };
}

/**
 * Typechecks one file (on disk, or given as text under that name) with the project's options and
 * returns the diagnostics in that file alone (files it imports belong to others).
 */
export function typecheck(relPath: string, text?: string): Diagnostic[] {
  const options = projectOptions();
  const path = join(ROOT, relPath);
  const host = ts.createCompilerHost(options);
  if (text !== undefined) {
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, lang, ...rest) => (name === path ? ts.createSourceFile(name, text, lang) : getSourceFile.call(host, name, lang, ...rest));
    host.fileExists = (name) => name === path || fileExists.call(host, name);
    host.readFile = (name) => (name === path ? text : readFile.call(host, name));
  }
  const program = ts.createProgram([path], options, host);
  const source = program.getSourceFile(path);
  if (!source) throw new Error(`typescript did not load ${path}`);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ({
    line: d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1,
    code: d.code,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}
