import { AvroRecord } from '../schemas/avro-schema';
import { fieldRows } from './catalog-fields';

describe('fieldRows', () => {
  it('flattens nested records, arrays of records and maps into paths, with Avro types and docs', () => {
    const schema: AvroRecord = {
      type: 'record',
      name: 'OrderPlaced',
      namespace: 'shopstream.orders',
      doc: 'd',
      fields: [
        {
          name: 'lines',
          doc: 'Lines.',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'OrderLine',
              namespace: 'shopstream.common',
              doc: 'A line.',
              fields: [{ name: 'sku', type: 'string', doc: 'Sku.' }],
            },
          },
        },
        {
          name: 'previous',
          type: ['null', 'shopstream.common.OrderLine'],
          default: null,
          doc: 'Earlier line.',
        },
        {
          name: 'byWarehouse',
          type: { type: 'map', values: 'shopstream.common.OrderLine' },
          doc: 'Per warehouse.',
        },
        {
          name: 'channel',
          type: { type: 'enum', name: 'SalesChannel', symbols: ['WEB', 'API'], doc: 'c' },
          default: 'WEB',
          doc: 'Channel.',
        },
        { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When.' },
      ],
    };
    expect(fieldRows(schema)).toEqual([
      { path: 'lines', type: 'array<OrderLine>', doc: 'Lines.' },
      { path: 'lines[].sku', type: 'string', doc: 'Sku.' },
      { path: 'previous', type: 'null | OrderLine', doc: 'Earlier line. Default `null`.' },
      { path: 'previous.sku', type: 'string', doc: 'Sku.' },
      { path: 'byWarehouse', type: 'map<OrderLine>', doc: 'Per warehouse.' },
      { path: 'byWarehouse{}.sku', type: 'string', doc: 'Sku.' },
      { path: 'channel', type: 'SalesChannel', doc: 'Channel. One of `WEB`, `API`. Default `"WEB"`.' },
      { path: 'at', type: 'long (timestamp-millis)', doc: 'When.' },
    ]);
  });

  it('lists a record that contains itself once instead of recursing forever', () => {
    const tree: AvroRecord = {
      type: 'record',
      name: 'Node',
      doc: 'd',
      fields: [{ name: 'children', type: { type: 'array', items: 'Node' }, doc: 'Children.' }],
    };
    expect(fieldRows(tree)).toEqual([{ path: 'children', type: 'array<Node>', doc: 'Children.' }]);
  });
});
