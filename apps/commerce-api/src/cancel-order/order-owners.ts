import { Provider } from '@nestjs/common';
import { orderCustomer } from '@shopstream/order-flow';
import { DataSource } from 'typeorm';
import { READ_MODELS_DB } from '../get-order/read-models.provider';

/** Whose order an order is, from the write side: a customer token cancels only its own. */
export interface OrderOwners {
  customerOf(orderId: string): Promise<string | null>;
}

export const ORDER_OWNERS = Symbol('ORDER_OWNERS');

export const orderOwnersProvider: Provider = {
  provide: ORDER_OWNERS,
  inject: [READ_MODELS_DB],
  useFactory: (dataSource: DataSource): OrderOwners => ({
    customerOf: (orderId) =>
      orderCustomer(
        { query: (text, params) => dataSource.query(text, params ? [...params] : undefined) },
        orderId,
      ),
  }),
};
