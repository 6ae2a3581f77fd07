import { execFile } from 'node:child_process';
import { GitHistoryError } from './governance.errors';

const MAX_BUFFER = 256 * 1024 * 1024;

/** Runs git in `cwd` and returns its standard output. */
export function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: MAX_BUFFER }, (error, stdout, stderr) => {
      if (error) reject(new GitHistoryError(args.join(' '), stderr.trim() || error.message));
      else resolve(stdout);
    });
  });
}

/** One blob entry of `git ls-tree -r`: its object id and its path relative to `cwd`. */
export interface TreeEntry {
  readonly blob: string;
  readonly path: string;
}

export async function listTree(cwd: string, commit: string, under: string): Promise<TreeEntry[]> {
  const out = await git(cwd, ['ls-tree', '-r', '-z', commit, '--', under]);
  return out
    .split('\0')
    .filter((line) => line.length > 0)
    .flatMap((line) => {
      const [meta = '', path = ''] = line.split('\t');
      const [, type, blob] = meta.split(' ');
      return type === 'blob' && blob ? [{ blob, path }] : [];
    });
}

/**
 * Contents of many blobs from one `git cat-file --batch` process: a process per file would cost a few
 * milliseconds each, which adds up to seconds over a long history.
 */
export function readBlobs(cwd: string, blobs: readonly string[]): Promise<Map<string, string>> {
  if (!blobs.length) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['cat-file', '--batch'],
      { cwd, maxBuffer: MAX_BUFFER, encoding: 'buffer' },
      (error, stdout, stderr) => {
        if (error)
          return reject(new GitHistoryError('cat-file --batch', stderr.toString().trim() || error.message));
        try {
          resolve(parseBatch(stdout));
        } catch (parseError) {
          reject(parseError);
        }
      },
    );
    child.stdin?.end(`${blobs.join('\n')}\n`);
  });
}

/** `<oid> <type> <size>\n<content>\n` per object, or `<oid> missing\n`. */
function parseBatch(out: Buffer): Map<string, string> {
  const contents = new Map<string, string>();
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    at = eol + 1;
    const [oid = '', type, size] = header;
    if (type === 'missing' || size === undefined)
      throw new GitHistoryError('cat-file --batch', `object ${oid} is missing (a shallow or partial clone?)`);
    const length = Number(size);
    contents.set(oid, out.subarray(at, at + length).toString('utf8'));
    at += length + 1;
  }
  return contents;
}
