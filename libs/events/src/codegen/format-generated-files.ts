import * as path from 'node:path';
import { GeneratedFile } from './generated-file';

/**
 * Formats each file with the repository's Prettier settings, so `prettier --check .` passes on generated files and
 * a drift check compares like with like. Prettier is a dev dependency: it is loaded here, on demand, so that
 * importing @shopstream/events at run time does not need it.
 */
export async function formatGeneratedFiles(
  root: string,
  files: readonly GeneratedFile[],
): Promise<GeneratedFile[]> {
  const prettier = await import('prettier');
  return Promise.all(
    files.map(async (file) => {
      const filepath = path.join(root, file.path);
      const options = await prettier.resolveConfig(filepath);
      return { path: file.path, content: await prettier.format(file.content, { ...options, filepath }) };
    }),
  );
}
