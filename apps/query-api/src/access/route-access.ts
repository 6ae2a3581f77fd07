import { Scope } from '@shopstream/access';
import { OperationAccess } from '@shopstream/http';

/**
 * Who may read what; the controllers' decorators and the OpenAPI document both read it. A customer token reads its
 * own orders only; stock reads need no credential while SHOPSTREAM_PUBLIC_STOCK is on.
 */
export const SCOPES_OF = {
  orderList: ['merchant', 'warehouse', 'analyst'],
  order: ['storefront', 'merchant', 'warehouse', 'analyst'],
  customerOrders: ['storefront', 'merchant', 'analyst'],
  stock: ['storefront', 'warehouse', 'merchant', 'analyst'],
  shipment: ['storefront', 'warehouse', 'merchant'],
  payment: ['payments', 'merchant', 'analyst'],
  reports: ['analyst', 'merchant'],
} as const satisfies Record<string, readonly Scope[]>;

export function queryApiAccess(publicStock: boolean): Readonly<Record<string, OperationAccess>> {
  const stock: OperationAccess = { stock: SCOPES_OF.stock, publicStock };
  return {
    'GET /orders': { scopes: SCOPES_OF.orderList },
    'GET /orders/{orderId}': { scopes: SCOPES_OF.order, customer: true },
    'GET /customers/{customerId}/orders': { scopes: SCOPES_OF.customerOrders, customer: true },
    'GET /inventory': stock,
    'GET /inventory/{sku}': stock,
    'GET /inventory/{sku}/movements': stock,
    'GET /shipments/{shipmentId}': { scopes: SCOPES_OF.shipment },
    'GET /payments/{paymentId}': { scopes: SCOPES_OF.payment },
    'GET /reports/sales': { scopes: SCOPES_OF.reports },
    'GET /reports/top-products': { scopes: SCOPES_OF.reports },
    'GET /reports/funnel': { scopes: SCOPES_OF.reports },
    'GET /reports/top-searches': { scopes: SCOPES_OF.reports },
  };
}
