import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The baseline's table: order_summary's columns, mapped the way a hand-wired TypeORM service maps them. */
@Entity({ name: 'order_summary' })
export class OrderSummaryEntity {
  @PrimaryColumn({ name: 'order_id', type: 'text' })
  orderId!: string;

  @Column({ name: 'customer_id', type: 'text', nullable: true })
  customerId!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ name: 'total_minor', type: 'bigint', nullable: true })
  totalMinor!: string | null;

  @Column({ name: 'line_count', type: 'int', nullable: true })
  lineCount!: number | null;

  @Column({ name: 'placed_at', type: 'timestamptz', nullable: true })
  placedAt!: Date | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @Column({ name: 'shipped_at', type: 'timestamptz', nullable: true })
  shippedAt!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'refunded_minor', type: 'bigint', default: 0 })
  refundedMinor!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
