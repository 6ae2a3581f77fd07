import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { parseRequest } from './parse-request';

/**
 * Validates a body at the boundary: the handler only ever sees the parsed type. With `optional`, a request without a
 * body (Express 5 leaves it undefined) is read as `{}`, so every field takes its default.
 */
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly options: { readonly optional?: boolean } = {},
  ) {}

  transform(value: unknown): z.output<S> {
    return parseRequest(this.schema, value === undefined && this.options.optional ? {} : value);
  }
}

/** Validates one path parameter; a problem is reported under the parameter's name (`sku`, `orderId`). */
export class ZodParamPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  private readonly wrapped: z.ZodObject<Record<string, S>>;

  constructor(
    private readonly name: string,
    schema: S,
  ) {
    this.wrapped = z.object({ [name]: schema });
  }

  transform(value: unknown): z.output<S> {
    const parsed = parseRequest(this.wrapped, { [this.name]: value }) as Record<string, z.output<S>>;
    return parsed[this.name] as z.output<S>;
  }
}
