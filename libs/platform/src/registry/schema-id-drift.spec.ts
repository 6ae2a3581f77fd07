import { changedSchemaIds, withNewSchemaIds } from './schema-id-drift';

describe('changedSchemaIds', () => {
  const recorded = { 'orders-OrderPlaced@1': 4, 'orders-OrderPlaced@2': 9 };

  it('finds nothing when the registry gives every recorded version its recorded id', () => {
    const current = [
      { subject: 'orders-OrderPlaced', version: 1, id: 4 },
      { subject: 'orders-OrderPlaced', version: 2, id: 9 },
    ];
    expect(changedSchemaIds(recorded, current)).toEqual([]);
  });

  it('names each version whose id changed, with the old and the new id', () => {
    const current = [
      { subject: 'orders-OrderPlaced', version: 1, id: 17 },
      { subject: 'orders-OrderPlaced', version: 2, id: 9 },
    ];
    expect(changedSchemaIds(recorded, current)).toEqual(['orders-OrderPlaced@1: 4 -> 17']);
  });

  it('takes a version nobody recorded as new, and records it without touching the others', () => {
    const current = [{ subject: 'orders-OrderPaid', version: 1, id: 30 }];
    expect(changedSchemaIds(recorded, current)).toEqual([]);
    expect(
      withNewSchemaIds(recorded, [...current, { subject: 'orders-OrderPlaced', version: 1, id: 99 }]),
    ).toEqual({
      ...recorded,
      'orders-OrderPaid@1': 30,
    });
  });
});
