import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GENERATED_TYPES_DIR } from './generated-file';
import { applyGeneratedFiles, findGeneratedDrift, hasDrift } from './sync-generated-files';

describe('generated file drift', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'shopstream-codegen-'));
    fs.mkdirSync(path.join(root, GENERATED_TYPES_DIR), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  const files = [
    { path: `${GENERATED_TYPES_DIR}/same.ts`, content: 'same\n' },
    { path: `${GENERATED_TYPES_DIR}/changed.ts`, content: 'new\n' },
    { path: 'docs/events/new.md', content: 'page\n' },
  ];

  it('finds missing, changed and stale files without writing anything', () => {
    write(`${GENERATED_TYPES_DIR}/same.ts`, 'same\n');
    write(`${GENERATED_TYPES_DIR}/changed.ts`, 'old\n');
    write(`${GENERATED_TYPES_DIR}/gone.ts`, 'stale\n');
    const drift = findGeneratedDrift(root, files);
    expect(drift).toEqual({
      changed: [`${GENERATED_TYPES_DIR}/changed.ts`, 'docs/events/new.md'],
      stale: [`${GENERATED_TYPES_DIR}/gone.ts`],
    });
    expect(fs.existsSync(path.join(root, 'docs'))).toBe(false);
  });

  it('writes what changed and deletes what is stale, after which nothing drifts', () => {
    write(`${GENERATED_TYPES_DIR}/gone.ts`, 'stale\n');
    applyGeneratedFiles(root, files, findGeneratedDrift(root, files));
    expect(fs.readFileSync(path.join(root, 'docs/events/new.md'), 'utf8')).toBe('page\n');
    expect(fs.existsSync(path.join(root, GENERATED_TYPES_DIR, 'gone.ts'))).toBe(false);
    expect(hasDrift(findGeneratedDrift(root, files))).toBe(false);
  });
});
