export interface RecordPaymentCaptured {
  readonly type: 'RecordPaymentCaptured';
  readonly orderId: string;
  readonly paymentId: string;
  readonly amountMinor: number;
  readonly currency: string;
}

export interface RecordPaymentFailed {
  readonly type: 'RecordPaymentFailed';
  readonly orderId: string;
  readonly paymentId: string;
}
