import { ShipmentsEvent } from '@shopstream/events';
import { eventMetadata, givenEvents } from '@shopstream/projections/testing';
import { foldShipments } from './shipments.fold';

const ids = (at: number) => ({ metadata: eventMetadata('o-1', { at }), orderId: 'o-1', shipmentId: 's-1' });

const address = {
  name: 'Ada',
  line1: '1 Main St',
  line2: null,
  city: 'Lyon',
  postalCode: '69001',
  country: 'FR',
};

describe('shipments fold', () => {
  it('given a shipment created, dispatched and delivered, shows where it went, how, and when', () => {
    const events: ShipmentsEvent[] = [
      { type: 'shopstream.shipments.ShipmentCreated', ...ids(100), address },
      { type: 'shopstream.shipments.ShipmentDispatched', ...ids(200), carrier: 'DHL', trackingNumber: 'T-1' },
      { type: 'shopstream.shipments.ShipmentDelivered', ...ids(300) },
    ];
    expect(foldShipments(givenEvents(events))).toEqual([
      {
        shipmentId: 's-1',
        orderId: 'o-1',
        status: 'DELIVERED',
        carrier: 'DHL',
        trackingNumber: 'T-1',
        shipToCity: 'Lyon',
        shipToCountry: 'FR',
        createdAt: 100,
        dispatchedAt: 200,
        deliveredAt: 300,
        returnedAt: null,
        returnReason: null,
        updatedAt: 300,
      },
    ]);
  });

  it('leaves what a batch does not know as null, for the stored row to keep', () => {
    const [change] = foldShipments(
      givenEvents<ShipmentsEvent>([
        { type: 'shopstream.shipments.ShipmentReturned', ...ids(400), reason: 'damaged' },
      ]),
    );
    expect(change).toMatchObject({
      status: 'RETURNED',
      returnReason: 'damaged',
      carrier: null,
      createdAt: null,
    });
  });
});
