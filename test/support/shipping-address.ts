/** A valid shipping address for orders placed through the in-process command API. */
export const SHIPPING_ADDRESS = {
  name: 'Ada Lovelace',
  line1: 'Main St 1',
  line2: null,
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};
