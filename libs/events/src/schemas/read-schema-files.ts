import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchemaFile } from './schema-tree';

/** Every .avsc under `<root>/schemas`, with paths relative to `root`. */
export function readSchemaFiles(root: string): SchemaFile[] {
  const out: SchemaFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.avsc'))
        out.push({
          path: path.relative(root, full).split(path.sep).join('/'),
          content: fs.readFileSync(full, 'utf8'),
        });
    }
  };
  walk(path.join(root, 'schemas'));
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
