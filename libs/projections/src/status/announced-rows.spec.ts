import { announcingRows, parseRowsAnnouncement } from './announced-rows';

describe('rows announcements', () => {
  it('reads rows, a too-long statement (rows null), and nothing else', () => {
    expect(parseRowsAnnouncement('{"schema":"s","table":"t","rows":[{"k":1}]}')).toEqual({
      schema: 's',
      table: 't',
      rows: [{ k: 1 }],
    });
    expect(parseRowsAnnouncement('{"schema":"s","table":"t","rows":null}')).toEqual({
      schema: 's',
      table: 't',
      rows: null,
    });
    for (const payload of [
      'stock_levels',
      '{"schema":"s","rows":[]}',
      '{"schema":"s","table":"t","rows":[1]}',
    ])
      expect(parseRowsAnnouncement(payload)).toBeNull();
  });

  it('quotes the table name it announces', () => {
    expect(announcingRows("o'brien", 'insert into x values (1) returning *')).toContain("'o''brien'");
  });
});
