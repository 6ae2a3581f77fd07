import { Scope } from '@shopstream/access';
import { OperationAccess } from '@shopstream/http';

/**
 * Who may call each command; the controllers' decorators and the OpenAPI document both read it. Returns set off
 * a refund, so they are the warehouse's alone; a customer token acts only on its own orders.
 */
export const SCOPES_OF = {
  placeOrder: ['storefront'],
  getOrder: ['storefront', 'merchant', 'warehouse', 'analyst'],
  cancelOrder: ['storefront', 'merchant'],
  shipments: ['warehouse'],
  stock: ['warehouse'],
  threshold: ['merchant'],
  behaviour: ['storefront'],
} as const satisfies Record<string, readonly Scope[]>;

export const COMMERCE_API_ACCESS: Readonly<Record<string, OperationAccess>> = {
  'POST /orders': { scopes: SCOPES_OF.placeOrder, customer: true },
  'GET /orders/{orderId}': { scopes: SCOPES_OF.getOrder, customer: true },
  'POST /orders/{orderId}/cancel': { scopes: SCOPES_OF.cancelOrder, customer: true },
  'POST /payments/webhook': 'signed',
  'POST /shipments': { scopes: SCOPES_OF.shipments },
  'POST /shipments/{shipmentId}/dispatch': { scopes: SCOPES_OF.shipments },
  'POST /shipments/{shipmentId}/deliver': { scopes: SCOPES_OF.shipments },
  'POST /shipments/{shipmentId}/return': { scopes: SCOPES_OF.shipments },
  'POST /inventory/{sku}/receive': { scopes: SCOPES_OF.stock },
  'POST /inventory/{sku}/adjust': { scopes: SCOPES_OF.stock },
  'PUT /inventory/{sku}/threshold': { scopes: SCOPES_OF.threshold },
  'POST /behaviour/events': { scopes: SCOPES_OF.behaviour },
  'GET /health': 'open',
  'GET /ready': 'open',
  'GET /metrics': 'open',
  'GET /stats': 'open',
};
