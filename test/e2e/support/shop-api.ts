import { randomUUID } from 'node:crypto';
import { eventually } from '@shop/building-blocks/testing';
import type { BuiltShop } from './services';

/** The public development client: it names itself in the form body, without a secret (RFC 6749 §3.2.1). */
export const CLIENT_ID = 'shop-client';
/** The admin startBuiltIdentity seeds; Admin@12345 is the development default of IDENTITY_ADMIN_PASSWORD. */
export const ADMIN = { userName: 'admin', password: 'Admin@12345' } as const;
export const SHIPPING_ADDRESS = { line1: '1 Main Street', city: 'Utrecht', postalCode: '3511 AA', country: 'NL' };

export interface NewProduct {
  readonly name: string;
  readonly description: string;
  readonly price: number;
  readonly stock: number;
}

export interface Product extends NewProduct {
  readonly id: string;
}

/** A registered customer, logged in: `token` is the access token of its password grant. */
export interface Customer {
  readonly id: string;
  readonly userName: string;
  readonly password: string;
  readonly token: string;
}

export interface OrderLine {
  readonly productId: string;
  readonly quantity: number;
}

export type OrderStatus = 'Pending' | 'Confirmed' | 'Rejected' | 'Cancelled';

export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly items: readonly (OrderLine & { productName: string; unitPrice: number })[];
  readonly status: OrderStatus;
  readonly statusReason?: string;
}

interface Request {
  readonly method?: 'GET' | 'POST';
  readonly token?: string;
  readonly headers?: Record<string, string>;
  readonly json?: unknown;
  readonly form?: Record<string, string>;
}

/** How long an order may take to reach a status: the saga crosses two services and the broker twice. */
const ORDER_STATUS_TIMEOUT_MS = 30_000;

/**
 * The built shop's public HTTP API, as a client (or shop.rest) calls it. Each call asserts the status the API
 * answers on success and throws with the response body otherwise.
 */
export class ShopApi {
  private adminToken: Promise<string> | undefined;

  constructor(private readonly shop: BuiltShop) {}

  /** The password grant of the development client (RFC 6749 §4.3): the access token. */
  async logIn(userName: string, password: string): Promise<string> {
    const form = { grant_type: 'password', username: userName, password, client_id: CLIENT_ID };
    const reply = await this.request<{ access_token: string }>(`${this.shop.identity.url}/connect/token`, 200, {
      form,
    });
    return reply.access_token;
  }

  /** The seeded admin's access token, asked for once per client. */
  admin(): Promise<string> {
    this.adminToken ??= this.logIn(ADMIN.userName, ADMIN.password);
    return this.adminToken;
  }

  async createProduct(product: NewProduct): Promise<Product> {
    const token = await this.admin();
    return this.request(`${this.shop.catalog.url}/api/v1/catalog/products`, 201, { token, json: product });
  }

  /** Registers a customer under a user name of its own (unique per call), then logs it in. */
  async registerCustomer(person = { firstName: 'Grace', lastName: 'Hopper' }): Promise<Customer> {
    const userName = `customer-${randomUUID()}`;
    const password = `correct-horse-${randomUUID()}`;
    const user = { ...person, userName, email: `${userName}@example.com`, password };
    const { id } = await this.request<{ id: string }>(`${this.shop.identity.url}/api/v1/identity/users`, 201, {
      json: user,
    });
    return { id, userName, password, token: await this.logIn(userName, password) };
  }

  /** Places an order with an Idempotency-Key of its own, as a client that may retry does (DESIGN §3). */
  placeOrder(token: string, items: readonly OrderLine[], shippingAddress = SHIPPING_ADDRESS): Promise<Order> {
    return this.request(this.orders, 201, {
      token,
      headers: { 'idempotency-key': randomUUID() },
      json: { items, shippingAddress },
    });
  }

  getOrder(token: string, id: string): Promise<Order> {
    return this.request(`${this.orders}/${id}`, 200, { token });
  }

  cancelOrder(token: string, id: string): Promise<Order> {
    return this.request(`${this.orders}/${id}/cancel`, 200, { method: 'POST', token });
  }

  /** Reads the order until the saga has brought it to `status`, and returns it as read then. */
  orderReaches(token: string, id: string, status: OrderStatus): Promise<Order> {
    return eventually(
      `order ${id} is ${status}`,
      () => this.getOrder(token, id),
      (order) => order.status === status,
      ORDER_STATUS_TIMEOUT_MS,
    );
  }

  private get orders(): string {
    return `${this.shop.order.url}/api/v1/orders`;
  }

  private async request<T>(url: string, expected: number, request: Request): Promise<T> {
    const headers = new Headers(request.headers);
    if (request.token) headers.set('authorization', `Bearer ${request.token}`);
    let body: string | URLSearchParams | undefined;
    if (request.form) body = new URLSearchParams(request.form);
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.json);
    }
    const method = request.method ?? (body === undefined ? 'GET' : 'POST');
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    if (response.status !== expected) {
      throw new Error(`${method} ${url}: expected ${expected}, got ${response.status}: ${text}`);
    }
    return JSON.parse(text) as T;
  }
}
