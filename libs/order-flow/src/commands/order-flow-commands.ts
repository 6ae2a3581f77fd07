import { DataSource } from 'typeorm';
import { EventCodec, ShopstreamEvent } from '@shopstream/events';
import { PublicationWaiter } from '../outbox/publication-waiter';
import { adjustStock, AdjustStockInput } from './adjust-stock/adjust-stock.command';
import { cancelOrder, CancelOrderInput } from './cancel-order/cancel-order.command';
import { CommandRunner } from './command-runner';
import { OrderFlowCommandPort, PaymentWebhook, PlaceOrderInput, RequestMeta } from './commands.port';
import { createShipment } from './create-shipment/create-shipment.command';
import { deliverShipment } from './deliver-shipment/deliver-shipment.command';
import { dispatchShipment, DispatchShipmentInput } from './dispatch-shipment/dispatch-shipment.command';
import { PlaceOrderGroupCommit } from './place-order-group-commit';
import { receiveStock } from './receive-stock/receive-stock.command';
import { recordPayment } from './record-payment/record-payment.command';
import { returnShipment } from './return-shipment/return-shipment.command';
import { setThreshold } from './set-threshold/set-threshold.command';

export { PRODUCER } from './command-runner';

/**
 * The shop's commands, one use case folder each, each run in its own transaction by the CommandRunner; new orders,
 * which read nothing, are written many to a transaction by the PlaceOrderGroupCommit.
 */
export class OrderFlowCommands implements OrderFlowCommandPort {
  private readonly runner: CommandRunner;
  private readonly newOrders: PlaceOrderGroupCommit;

  constructor(
    dataSource: DataSource,
    codec: EventCodec<ShopstreamEvent>,
    waiter: PublicationWaiter,
    publishTimeoutMs: number,
  ) {
    this.runner = new CommandRunner(dataSource, codec, waiter, publishTimeoutMs);
    this.newOrders = new PlaceOrderGroupCommit(dataSource, codec, this.runner);
  }

  /** New orders are the hot path of a sale: concurrent ones share a transaction (group commit). */
  placeOrder(input: PlaceOrderInput, meta: RequestMeta) {
    return this.newOrders.place(input, meta);
  }

  cancelOrder(orderId: string, input: CancelOrderInput, meta: RequestMeta) {
    return this.runner.run(meta, cancelOrder(orderId, input));
  }

  recordPayment(webhook: PaymentWebhook, meta: RequestMeta) {
    return this.runner.run(meta, recordPayment(webhook));
  }

  createShipment(orderId: string, meta: RequestMeta) {
    return this.runner.run(meta, createShipment(orderId));
  }

  dispatchShipment(shipmentId: string, input: DispatchShipmentInput, meta: RequestMeta) {
    return this.runner.run(meta, dispatchShipment(shipmentId, input));
  }

  deliverShipment(shipmentId: string, meta: RequestMeta) {
    return this.runner.run(meta, deliverShipment(shipmentId));
  }

  returnShipment(shipmentId: string, input: { reason: string | null }, meta: RequestMeta) {
    return this.runner.run(meta, returnShipment(shipmentId, input));
  }

  receiveStock(sku: string, input: { quantity: number }, meta: RequestMeta) {
    return this.runner.run(meta, receiveStock(sku, input));
  }

  adjustStock(sku: string, input: AdjustStockInput, meta: RequestMeta) {
    return this.runner.run(meta, adjustStock(sku, input));
  }

  setThreshold(sku: string, input: { threshold: number }, meta: RequestMeta) {
    return this.runner.run(meta, setThreshold(sku, input));
  }
}
