import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RegistryUnavailableError } from '@shopstream/events';
import { checkSchemas, describeSource, SchemaCheckReport } from '@shopstream/events/tooling';
import { platformConfig } from '../support/platform';
import { uniqueName } from '../support/wait-for';

const run = promisify(execFile);
const REPO_ROOT = path.join(__dirname, '..', '..');
const BACKWARD = "(BACKWARD: new readers can't read old events)";
const FORWARD = "(FORWARD: consumers on the previous schema can't read new events)";
const PLACED = 'shopstream.orders-shopstream.orders.OrderPlaced';

const git = async (cwd: string, ...args: string[]) =>
  (
    await run('git', ['-c', 'user.name=Gate Test', '-c', 'user.email=gate@test.invalid', ...args], { cwd })
  ).stdout.trim();

/** A throwaway repository holding a copy of this repository's schemas/, committed once. */
async function tempRepository(): Promise<{ dir: string; first: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-check-'));
  fs.cpSync(path.join(REPO_ROOT, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  await git(dir, 'add', 'schemas');
  await git(dir, 'commit', '--quiet', '-m', 'schemas as in the repository');
  return { dir, first: await git(dir, 'rev-parse', 'HEAD') };
}

const editJson = (file: string, edit: (json: { fields: { name: string; type: unknown }[] }) => void) => {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
};

const linesFor = (report: SchemaCheckReport, subject: string) =>
  report.findings
    .filter((f) => f.subject === subject)
    .map((f) => `${f.violation.message} [against ${describeSource(f.source)}]`);

describe('shopstream schemas check', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('passes on the repository as it is', async () => {
    const report = await checkSchemas({ root: REPO_ROOT, registry: false });
    expect(report.findings).toEqual([]);
    expect(report.subjects).toBeGreaterThan(20);
    expect(report.comparedBySource.local).toBeGreaterThanOrEqual(1);
  });

  it('catches a breaking change committed earlier and one in the working tree, in a fresh clone too', async () => {
    const { dir, first } = await tempRepository();
    dirs.push(dir);
    // Commit 2: a shared type changes a field's type, so every event inlining OrderLine breaks.
    editJson(path.join(dir, 'schemas/common/order-line.avsc'), (json) => {
      const quantity = json.fields.find((f) => f.name === 'quantity');
      if (!quantity) throw new Error('schemas/common/order-line.avsc has no quantity field any more');
      quantity.type = 'string';
    });
    await git(dir, 'commit', '--quiet', '-am', 'quantity becomes a string');
    const second = await git(dir, 'rev-parse', 'HEAD');
    // Commit 3: a file that breaks the conventions; the check must skip and report it, not fail.
    fs.writeFileSync(path.join(dir, 'schemas/loose.avsc'), '{}');
    await git(dir, 'add', 'schemas');
    await git(dir, 'commit', '--quiet', '-m', 'a stray file');
    const third = await git(dir, 'rev-parse', 'HEAD');
    // Working tree: the stray file goes, and OrderPlaced v2 drops currency (no default).
    fs.rmSync(path.join(dir, 'schemas/loose.avsc'));
    editJson(path.join(dir, 'schemas/orders/order-placed.v2.avsc'), (json) => {
      json.fields = json.fields.filter((f) => f.name !== 'currency');
    });

    const report = await checkSchemas({ root: dir, registry: false });
    const sha = first.slice(0, 7);
    const quantity = (rule: string) => `field 'lines[].quantity' changed type int -> string ${rule}`;
    const currency = `field 'currency' removed without a default ${FORWARD}`;
    expect(linesFor(report, PLACED)).toEqual([
      `${currency} [against local schemas/orders/order-placed.v1.avsc]`,
      `${quantity(BACKWARD)} [against git ${sha} schemas/orders/order-placed.v1.avsc]`,
      `${currency} [against git ${sha} schemas/orders/order-placed.v1.avsc]`,
      `${quantity(FORWARD)} [against git ${sha} schemas/orders/order-placed.v1.avsc]`,
      `${quantity(BACKWARD)} [against git ${sha} schemas/orders/order-placed.v2.avsc]`,
      `${currency} [against git ${sha} schemas/orders/order-placed.v2.avsc]`,
      `${quantity(FORWARD)} [against git ${sha} schemas/orders/order-placed.v2.avsc]`,
      `${currency} [against git ${second.slice(0, 7)} schemas/orders/order-placed.v2.avsc]`,
    ]);
    expect(report.skippedCommits).toEqual([
      {
        commit: third,
        problems: [
          'schemas/loose.avsc: name it schemas/<context>/<event-name>.v<N>.avsc or schemas/common/<type>.avsc',
        ],
      },
    ]);
    expect(report.gitCommits).toBe(3);

    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-check-clone-'));
    dirs.push(clone);
    await git(os.tmpdir(), 'clone', '--quiet', dir, clone);
    fs.copyFileSync(
      path.join(dir, 'schemas/orders/order-placed.v2.avsc'),
      path.join(clone, 'schemas/orders/order-placed.v2.avsc'),
    );
    fs.rmSync(path.join(clone, 'schemas/loose.avsc'));
    const cloned = await checkSchemas({ root: clone, registry: false });
    expect(cloned.findings).toEqual(report.findings);
  });

  it('reports a breaking local change against the version the registry holds', async () => {
    const { dir } = await tempRepository();
    dirs.push(dir);
    const name = `GateProbeX${uniqueName('r').replace(/[^a-z0-9]/g, '')}`;
    const subject = `shopstream.orders-shopstream.orders.${name}`;
    const file = `schemas/orders/${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.v1.avsc`;
    const probe = (fields: { name: string; type: string }[]) => ({
      type: 'record',
      name,
      namespace: 'shopstream.orders',
      doc: 'A probe for the schemas check integration test.',
      fields: fields.map((f) => ({ ...f, doc: `the ${f.name}` })),
    });
    const registered = probe([
      { name: 'orderId', type: 'string' },
      { name: 'currency', type: 'string' },
      { name: 'quantity', type: 'int' },
    ]);
    const { url } = platformConfig().registry;
    const subjectUrl = `${url}/subjects/${encodeURIComponent(subject)}`;
    const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
    const registration = await fetch(`${subjectUrl}/versions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schema: JSON.stringify(registered) }),
    });
    expect(registration.status).toBe(200);
    try {
      fs.writeFileSync(
        path.join(dir, file),
        JSON.stringify(
          probe([
            { name: 'orderId', type: 'string' },
            { name: 'quantity', type: 'string' },
          ]),
        ),
      );
      const report = await checkSchemas({ root: dir, registry: { url } });
      expect(report.registryChecked).toBe(true);
      expect(linesFor(report, subject)).toEqual([
        `field 'quantity' changed type int -> string ${BACKWARD} [against registry version 1]`,
        `field 'currency' removed without a default ${FORWARD} [against registry version 1]`,
        `field 'quantity' changed type int -> string ${FORWARD} [against registry version 1]`,
        `the registry's own compatibility check rejects ${file}: registering it would fail [against registry version 1]`,
      ]);
    } finally {
      await fetch(subjectUrl, { method: 'DELETE', headers });
      await fetch(`${subjectUrl}?permanent=true`, { method: 'DELETE', headers });
    }
  });

  it('says how to start the registry when it is unreachable', async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const attempt = checkSchemas({
      root: REPO_ROOT,
      registry: { url: `http://127.0.0.1:${port}/apis/ccompat/v7` },
    });
    await expect(attempt).rejects.toThrow(RegistryUnavailableError);
    await expect(attempt).rejects.toThrow(
      /did not answer \(ECONNREFUSED\): start it with `npx shopstream up`/,
    );
  });
});
