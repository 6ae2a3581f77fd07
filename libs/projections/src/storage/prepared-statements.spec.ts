import { executable, forgetIfStale, RawClient } from './prepared-statements';

function recordingClient(refuse?: RegExp) {
  const sent: string[] = [];
  const client: RawClient = {
    query: (text: string) => {
      sent.push(text);
      return refuse?.test(text) ? Promise.reject(new Error('cannot prepare')) : Promise.resolve({ rows: [] });
    },
  };
  return { client, sent };
}

describe('executable', () => {
  const text = 'insert into t select * from unnest($1::text[], $2::int[])';

  it('prepares a statement once per connection, then executes it with its parameters as literals', async () => {
    const { client, sent } = recordingClient();
    const first = await executable(client, text, [["it's"], [1]], 'set x');
    const again = await executable(client, text, [['b'], [2]], 'set x');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^set x;\nprepare (shopstream_[0-9a-f]{24}) as insert into t select/);
    const name = /prepare (\S+)/.exec(sent[0]!)![1];
    expect(first).toBe(`execute ${name}(E'{"it''s"}', E'{1}')`);
    expect(again).toBe(`execute ${name}(E'{"b"}', E'{2}')`);
    // Another connection has its own prepared statements.
    const other = recordingClient();
    await executable(other.client, text, [['c'], [3]], 'set x');
    expect(other.sent).toHaveLength(1);
    // So has another schema: the same text there is another statement.
    const elsewhere = await executable(client, text, [['d'], [4]], 'set y');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatch(/^set y;\nprepare /);
    expect(elsewhere).not.toContain(name);
  });

  it('forgets what a connection prepared when a statement went stale, and prepares afresh', async () => {
    const { client, sent } = recordingClient();
    await executable(client, text, [['a'], [1]], 'set x');
    await forgetIfStale(client, Object.assign(new Error('duplicate'), { code: '23505' }));
    await executable(client, text, [['a'], [1]], 'set x');
    expect(sent).toHaveLength(1);
    await forgetIfStale(
      client,
      Object.assign(new Error('cached plan must not change result type'), { code: '0A000' }),
    );
    await executable(client, text, [['a'], [1]], 'set x');
    expect(sent.slice(1, 2)).toEqual(['deallocate all']);
    expect(sent[2]).toMatch(/^set x;\nprepare /);
  });

  it('leaves a statement without parameters as it is', async () => {
    const { client, sent } = recordingClient();
    expect(await executable(client, 'select 1', [], 'set x')).toBe('select 1');
    expect(sent).toEqual([]);
  });

  it('fails once for a statement that cannot be prepared, and inlines it from then on', async () => {
    const { client, sent } = recordingClient(/prepare/);
    await expect(executable(client, 'select $1', ['x'], 'set x')).rejects.toThrow('cannot prepare');
    expect(await executable(client, 'select $1', ['x'], 'set x')).toBe(`select E'x'`);
    expect(sent).toHaveLength(1);
  });

  it('inlines what comes after a connection holds its share of prepared statements', async () => {
    const { client, sent } = recordingClient();
    for (let i = 0; i < 200; i++) await executable(client, `select $1::int + ${i}`, [i], 'set x');
    expect(await executable(client, 'select $1::int + 200', [7], 'set x')).toBe(`select E'7'::int + 200`);
    expect(sent).toHaveLength(200);
  });
});
