import { RunningApi, startApi, validOrder } from './commerce-api-harness';

type Body = Record<string, unknown>;
type Mutation = (body: Body) => void;

const line = (body: Body, i: number) => (body.lines as Body[])[i]!;
const address = (body: Body) => body.shippingAddress as Body;

interface Case {
  readonly rule: string;
  readonly mutate: Mutation;
  readonly field: string;
  readonly message: RegExp;
}

const cases: Case[] = [
  {
    rule: 'customerId is required',
    mutate: (b) => delete b.customerId,
    field: 'customerId',
    message: /required/,
  },
  {
    rule: 'customerId is not blank',
    mutate: (b) => (b.customerId = '   '),
    field: 'customerId',
    message: /empty/,
  },
  {
    rule: 'customerId is at most 128 characters',
    mutate: (b) => (b.customerId = 'c'.repeat(129)),
    field: 'customerId',
    message: /at most 128/,
  },
  {
    rule: 'customerId is a string',
    mutate: (b) => (b.customerId = 42),
    field: 'customerId',
    message: /string/,
  },
  { rule: 'currency is required', mutate: (b) => delete b.currency, field: 'currency', message: /required/ },
  {
    rule: 'currency is upper case',
    mutate: (b) => (b.currency = 'eur'),
    field: 'currency',
    message: /ISO 4217/,
  },
  {
    rule: 'currency is a real ISO 4217 code',
    mutate: (b) => (b.currency = 'ABC'),
    field: 'currency',
    message: /ISO 4217/,
  },
  {
    rule: 'currency is not a withdrawn code',
    mutate: (b) => (b.currency = 'HRK'),
    field: 'currency',
    message: /ISO 4217/,
  },
  { rule: 'lines is required', mutate: (b) => delete b.lines, field: 'lines', message: /required/ },
  { rule: 'lines is an array', mutate: (b) => (b.lines = {}), field: 'lines', message: /array/ },
  {
    rule: 'lines has at least one line',
    mutate: (b) => (b.lines = []),
    field: 'lines',
    message: /at least 1/,
  },
  {
    rule: 'lines has at most 100 lines',
    mutate: (b) =>
      (b.lines = Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}`, quantity: 1, unitPriceMinor: 1 }))),
    field: 'lines',
    message: /at most 100/,
  },
  {
    rule: 'a line has a sku',
    mutate: (b) => delete line(b, 0).sku,
    field: 'lines[0].sku',
    message: /required/,
  },
  {
    rule: 'a sku has no spaces',
    mutate: (b) => (line(b, 1).sku = 'SKU 1'),
    field: 'lines[1].sku',
    message: /without spaces/,
  },
  {
    rule: 'quantity is positive',
    mutate: (b) => (line(b, 0).quantity = 0),
    field: 'lines[0].quantity',
    message: /at least 1/,
  },
  {
    rule: 'quantity is a whole number',
    mutate: (b) => (line(b, 0).quantity = 1.5),
    field: 'lines[0].quantity',
    message: /whole/,
  },
  {
    rule: 'quantity is at most 10,000',
    mutate: (b) => (line(b, 1).quantity = 10_001),
    field: 'lines[1].quantity',
    message: /at most 10000/,
  },
  {
    rule: 'quantity is a number, not a string',
    mutate: (b) => (line(b, 0).quantity = '2'),
    field: 'lines[0].quantity',
    message: /number/,
  },
  {
    rule: 'unitPriceMinor is not negative',
    mutate: (b) => (line(b, 0).unitPriceMinor = -1),
    field: 'lines[0].unitPriceMinor',
    message: /negative/,
  },
  {
    rule: 'unitPriceMinor is whole minor units',
    mutate: (b) => (line(b, 0).unitPriceMinor = 19.99),
    field: 'lines[0].unitPriceMinor',
    message: /whole/,
  },
  {
    rule: 'unitPriceMinor is a safe integer',
    mutate: (b) => (line(b, 0).unitPriceMinor = 2 ** 53),
    field: 'lines[0].unitPriceMinor',
    message: /./,
  },
  {
    rule: 'shippingAddress is required',
    mutate: (b) => delete b.shippingAddress,
    field: 'shippingAddress',
    message: /required/,
  },
  {
    rule: 'shippingAddress.name is not blank',
    mutate: (b) => (address(b).name = ''),
    field: 'shippingAddress.name',
    message: /empty/,
  },
  {
    rule: 'shippingAddress.line1 is required',
    mutate: (b) => delete address(b).line1,
    field: 'shippingAddress.line1',
    message: /required/,
  },
  {
    rule: 'shippingAddress.line2 is at most 200 characters',
    mutate: (b) => (address(b).line2 = 'x'.repeat(201)),
    field: 'shippingAddress.line2',
    message: /at most 200/,
  },
  {
    rule: 'shippingAddress.city is not blank',
    mutate: (b) => (address(b).city = ' \t'),
    field: 'shippingAddress.city',
    message: /empty/,
  },
  {
    rule: 'shippingAddress.postalCode is at most 20 characters',
    mutate: (b) => (address(b).postalCode = '1'.repeat(21)),
    field: 'shippingAddress.postalCode',
    message: /at most 20/,
  },
  {
    rule: 'shippingAddress.country is ISO 3166-1 alpha-2',
    mutate: (b) => (address(b).country = 'XX'),
    field: 'shippingAddress.country',
    message: /ISO 3166-1/,
  },
  {
    rule: 'shippingAddress.country is upper case',
    mutate: (b) => (address(b).country = 'gb'),
    field: 'shippingAddress.country',
    message: /ISO 3166-1/,
  },
  {
    rule: 'shippingAddress.country is not alpha-3',
    mutate: (b) => (address(b).country = 'GBR'),
    field: 'shippingAddress.country',
    message: /ISO 3166-1/,
  },
  {
    rule: 'channel is a known channel',
    mutate: (b) => (b.channel = 'FAX'),
    field: 'channel',
    message: /one of WEB/,
  },
  {
    rule: 'an unknown field is refused',
    mutate: (b) => (b.coupon = 'FREE'),
    field: 'coupon',
    message: /not a known field/,
  },
  {
    rule: 'an unknown address field is refused',
    mutate: (b) => (address(b).state = 'CA'),
    field: 'shippingAddress.state',
    message: /not a known field/,
  },
];

describe('commerce-api POST /orders validation', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(() => {
    api.fake.calls.length = 0;
  });

  it('accepts the valid order the cases start from', async () => {
    const answer = await api.request('POST', '/orders', validOrder());
    expect(answer.status).toBe(202);
    expect(api.fake.calls).toHaveLength(1);
  });

  it.each(cases)('400 when $rule', async ({ mutate, field, message }) => {
    const body = validOrder();
    mutate(body);
    const answer = await api.request('POST', '/orders', body);
    expect(answer.status).toBe(400);
    const payload = answer.body as {
      error: string;
      message: string;
      fields: { field: string; message: string }[];
    };
    expect(payload.error).toBe('VALIDATION_FAILED');
    expect(payload.fields).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(payload.message).toContain(field);
    expect(api.fake.calls).toHaveLength(0);
  });

  it('lists every invalid field at once and calls nothing', async () => {
    const body = validOrder();
    for (const c of [cases[1]!, cases[5]!, cases[14]!, cases[18]!, cases[27]!, cases[30]!]) c.mutate(body);
    const answer = await api.request('POST', '/orders', body);
    expect(answer.status).toBe(400);
    const fields = (answer.body as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(
      [
        'channel',
        'currency',
        'customerId',
        'lines[0].quantity',
        'lines[0].unitPriceMinor',
        'shippingAddress.country',
      ].sort(),
    );
    expect(api.fake.calls).toHaveLength(0);
  });

  it('400 for a body that is not JSON, and for a JSON array', async () => {
    const notJson = await api.request('POST', '/orders', '{"customerId": ');
    expect(notJson.status).toBe(400);
    expect((notJson.body as { error: string }).error).toBe('VALIDATION_FAILED');
    const array = await api.request('POST', '/orders', []);
    expect(array.status).toBe(400);
    expect((array.body as { fields: unknown }).fields).toEqual([
      { field: '(body)', message: 'must be an object' },
    ]);
    expect(api.fake.calls).toHaveLength(0);
  });

  it('trims strings before passing them on', async () => {
    const body = validOrder();
    body.customerId = '  customer-42  ';
    address(body).city = ' London ';
    const answer = await api.request('POST', '/orders', body);
    expect(answer.status).toBe(202);
    const [input] = api.fake.calls[0]!.args as [
      { customerId: string; shippingAddress: { city: string; line2: unknown } },
    ];
    expect(input.customerId).toBe('customer-42');
    expect(input.shippingAddress.city).toBe('London');
    expect(input.shippingAddress.line2).toBeNull();
  });
});
