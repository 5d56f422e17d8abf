import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// What an editor shows on hover, asked of TypeScript's own language service: the public API is
// documented where it is used, and a listed item reads as `Conversation`, not a 15-line shape.

const ROOT = path.resolve(__dirname, '..');
const PROBE = path.join(ROOT, 'contract-tests', '__editor-probe__.ts');
const PROBE_TEXT = `import { createConversationsClient } from '../src';
const client = createConversationsClient();
async function probe() {
  for await (const item of client.iterateConversations({ chatServiceSid: 'IS' })) { item; }
  const page = await client.listConversations({ chatServiceSid: 'IS' });
  page.conversations[0]; page.meta;
}
`;

function languageService() {
  const options: ts.CompilerOptions = {
    strict: true,
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    resolveJsonModule: true,
    types: ['node'],
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [PROBE],
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      if (file === PROBE) return ts.ScriptSnapshot.fromString(PROBE_TEXT);
      return ts.sys.fileExists(file) ? ts.ScriptSnapshot.fromString(readFileSync(file, 'utf8')) : undefined;
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (file) => file === PROBE || ts.sys.fileExists(file),
    readFile: (file) => (file === PROBE ? PROBE_TEXT : ts.sys.readFile(file)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

const service = languageService();
const hover = (needle: string) => {
  const info = service.getQuickInfoAtPosition(PROBE, PROBE_TEXT.indexOf(needle) + 1)!;
  return { text: ts.displayPartsToString(info.displayParts), docs: ts.displayPartsToString(info.documentation) };
};

describe('hover in an editor', () => {
  it.each(['item;', 'conversations[0]'])('an item (%s) shows as Conversation, with its description', (needle) => {
    const { text } = hover(needle === 'item;' ? needle : 'conversations[0]');
    expect(text).toMatch(needle === 'item;' ? /^const item: Conversation$/ : /Conversation\[\]/);
  });

  it('a page meta shows as Meta', () => {
    expect(hover('meta;').text).toMatch(/: Meta$/);
  });

  it.each(['iterateConversations', 'listConversations', 'createConversationsClient'])(
    '%s shows its documentation',
    (name) => {
      expect(hover(name).docs.length).toBeGreaterThan(40);
    },
  );

  // Every member of the public option and parameter types, and every client method, has a comment.
  it.each([
    'ClientOptions',
    'CallOptions',
    'ListParams',
    'PageParams',
    'IterateParams',
    'ConversationPage',
    'ConversationsClient',
    'RetryEvent',
  ])('every member of %s is documented', (typeName) => {
    const program = service.getProgram()!;
    const checker = program.getTypeChecker();
    const index = program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!;
    const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(index)!).find((s) => s.name === typeName);
    expect(exported).toBeDefined();
    const type = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(exported!));
    const undocumented = checker
      .getPropertiesOfType(type)
      .filter((p) => ts.displayPartsToString(p.getDocumentationComment(checker)).trim() === '')
      .map((p) => p.name);
    expect(undocumented).toEqual([]);
  });

  it('every exported function and class has a comment', () => {
    const program = service.getProgram()!;
    const checker = program.getTypeChecker();
    const index = program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!;
    const undocumented = checker
      .getExportsOfModule(checker.getSymbolAtLocation(index)!)
      .map((s) => checker.getAliasedSymbol(s))
      .filter((s) => s.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class))
      .filter((s) => ts.displayPartsToString(s.getDocumentationComment(checker)).trim() === '')
      .map((s) => s.name);
    expect(undocumented).toEqual([]);
  });
});
