import { randomUUID } from 'node:crypto';

export interface OrderBody {
  id: string;
  customerId: string;
  status: 'Pending' | 'Confirmed' | 'Rejected' | 'Cancelled';
  statusReason?: string;
  total: number;
  items: { productId: string; productName: string; unitPrice: number; quantity: number }[];
}

export interface Answer<T> {
  status: number;
  contentType: string;
  body: T;
  headers: Headers;
}

export const ADDRESS = { line1: '1 Main Street', city: 'Utrecht', postalCode: '3511 AA', country: 'NL' };

async function send<T>(url: string, init: RequestInit): Promise<Answer<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
  };
}

/** The order routes of DESIGN §3 as a client calls them. */
export function ordersApi(baseUrl: string) {
  return {
    place(
      authorization: string,
      items: { productId: string; quantity: number }[],
      headers: Record<string, string> = {},
    ): Promise<Answer<OrderBody>> {
      return send(`${baseUrl}/api/v1/orders`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ items, shippingAddress: ADDRESS }),
      });
    },
    get(authorization: string, id: string): Promise<Answer<OrderBody>> {
      return send(`${baseUrl}/api/v1/orders/${id}`, { headers: { authorization } });
    },
    list(authorization: string, query = ''): Promise<Answer<{ items: OrderBody[]; totalItems: number }>> {
      return send(`${baseUrl}/api/v1/orders${query}`, { headers: { authorization } });
    },
    cancel(authorization: string, id: string): Promise<Answer<OrderBody>> {
      return send(`${baseUrl}/api/v1/orders/${id}/cancel`, { method: 'POST', headers: { authorization } });
    },
  };
}

export { eventually } from '@shop/building-blocks/testing';

export const newKey = () => randomUUID();
