import { IsUUID } from 'class-validator';

/** `{id}` of the order routes, as Swagger shows it. */
export class OrderIdParams {
  @IsUUID()
  id: string;
}
