import { BusinessRuleError } from '@shop/building-blocks/errors';
import type { GrpcClient } from '@shop/building-blocks/grpc';

export interface Customer {
  id: string;
  firstName: string;
  lastName: string;
}

/** Identity's users as the order service sees them (injected as `OrderTokens.Customers`). */
export interface Customers {
  get(id: string): Promise<Customer>;
}

/** `shop.identity.v1.IdentityService/GetUser` (DESIGN §6): a read, so it may be retried. */
export class GrpcCustomers implements Customers {
  constructor(private readonly client: GrpcClient) {}

  get(id: string): Promise<Customer> {
    return this.client.call<{ id: string }, Customer>(
      'GetUser',
      { id },
      { idempotent: true, notFound: () => new BusinessRuleError('Your account no longer exists') },
    );
  }
}
