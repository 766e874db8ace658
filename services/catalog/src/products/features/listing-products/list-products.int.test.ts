import { expectProblem } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import { createProduct, type NewProduct, PRODUCTS_URL, type ProductJson } from '../../../test/products';

/** Created in this order, one day apart, except the last two which share a day (and so tie on createdAt). */
const FIXTURE: (Partial<NewProduct> & { name: string })[] = [
  { name: 'Espresso cup', description: 'Porcelain, 80 ml', price: 19.99 },
  { name: 'espresso machine', description: 'Steel boiler, 15 bar', price: 249 },
  { name: 'Milk jug', description: 'STEEL, 350 ml', price: 19.99 },
  { name: 'Coffee beans 100% arabica', description: 'Whole beans, 1 kg', price: 24.5 },
  { name: 'Tea_pot', description: 'Glass, 1 l', price: 35.1 },
  { name: 'Grinder', description: 'Burr grinder, stores beans in C:\\beans', price: 0.29 },
  { name: 'Filter papers', description: 'Pack of 100', price: 0.29 },
];

interface Page {
  items: ProductJson[];
  page: number;
  pageSize: number;
  totalItems: number;
  totalPages: number;
}

describe('GET /api/v1/catalog/products', () => {
  let host: CatalogTestHost;
  const byName = new Map<string, ProductJson>();

  /** The names of two products that tie on the sort key, in the tie-breaking order: by id. */
  const tie = (first: string, second: string): string[] =>
    [first, second].sort((a, b) => (byName.get(a)?.id ?? '').localeCompare(byName.get(b)?.id ?? ''));

  const list = async (query: string): Promise<Page> => {
    const response = await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Page>();
  };
  const names = async (query: string) => (await list(query)).items.map((item) => item.name);

  beforeAll(async () => {
    host = await startCatalogForTest();
    for (const [index, fields] of FIXTURE.entries()) {
      const product = await createProduct(host, fields);
      const day = Math.min(index, FIXTURE.length - 2) + 1;
      await host.service.dataSource.query('UPDATE products SET created_at = $1 WHERE id = $2', [
        `2026-01-0${day}T12:00:00Z`,
        product.id,
      ]);
      byName.set(product.name, product);
    }
  });
  afterAll(() => host.stop());

  it('returns the first page of 20, newest first, with the totals', async () => {
    const page = await list('');
    expect(page).toMatchObject({ page: 1, pageSize: 20, totalItems: 7, totalPages: 1 });
    expect(page.items.map((item) => item.name)).toEqual([
      ...tie('Grinder', 'Filter papers'),
      'Tea_pot',
      'Coffee beans 100% arabica',
      'Milk jug',
      'espresso machine',
      'Espresso cup',
    ]);
    expect(page.items[0]).toHaveProperty('availableStock');
  });

  it('pages through every product exactly once', async () => {
    const pages = [await list('pageSize=3&page=1'), await list('pageSize=3&page=2'), await list('pageSize=3&page=3')];
    expect(pages.map((page) => page.totalPages)).toEqual([3, 3, 3]);
    expect(pages.flatMap((page) => page.items.map((item) => item.name))).toEqual(await names(''));
    expect(await list('pageSize=3&page=4')).toMatchObject({ items: [], page: 4, totalItems: 7, totalPages: 3 });
  });

  it.each([
    { sort: 'name', expected: () => FIXTURE_NAMES_BY_NAME },
    { sort: '-name', expected: () => [...FIXTURE_NAMES_BY_NAME].reverse() },
    {
      sort: 'price',
      expected: () => [...tie('Grinder', 'Filter papers'), ...tie('Espresso cup', 'Milk jug'), ...ABOVE_20],
    },
    {
      sort: '-price',
      expected: () => [
        ...[...ABOVE_20].reverse(),
        ...tie('Espresso cup', 'Milk jug'),
        ...tie('Grinder', 'Filter papers'),
      ],
    },
    {
      sort: 'createdAt',
      expected: () => [...FIXTURE.slice(0, 5).map((f) => f.name), ...tie('Grinder', 'Filter papers')],
    },
  ])('sorts by $sort, ties broken by id', async ({ sort, expected }) => {
    expect(await names(`sort=${sort}`)).toEqual(expected());
  });

  it.each([
    { case: 'in the name, whatever the case', search: 'ESPRESSO', expected: ['Espresso cup', 'espresso machine'] },
    { case: 'in the description, whatever the case', search: 'steel', expected: ['espresso machine', 'Milk jug'] },
    { case: '% literally', search: '%', expected: ['Coffee beans 100% arabica'] },
    { case: '_ literally', search: '_', expected: ['Tea_pot'] },
    { case: 'a backslash literally', search: 'C:\\beans', expected: ['Grinder'] },
    { case: 'nothing for an absent word', search: 'teacup', expected: [] },
  ])('search finds $case', async ({ search, expected }) => {
    const page = await list(`sort=name&search=${encodeURIComponent(search)}`);
    expect(page.items.map((item) => item.name)).toEqual(expected);
    expect(page.totalItems).toBe(expected.length);
  });

  it.each([
    { query: 'minPrice=19.99', expected: ['Espresso cup', 'Milk jug', ...ABOVE_20] },
    { query: 'maxPrice=19.99', expected: ['Filter papers', 'Grinder', 'Espresso cup', 'Milk jug'] },
    { query: 'minPrice=0.29&maxPrice=0.29', expected: ['Filter papers', 'Grinder'] },
    { query: 'minPrice=20&maxPrice=35.1', expected: ['Coffee beans 100% arabica', 'Tea_pot'] },
    { query: 'minPrice=0.3&maxPrice=19.98', expected: [] },
  ])('filters by price, bounds included, to the cent: $query', async ({ query, expected }) => {
    const found = await names(`${query}&sort=price&pageSize=100`);
    expect(new Set(found)).toEqual(new Set(expected));
  });

  it('combines search, price range, sort and paging', async () => {
    const page = await list('search=steel&minPrice=100&sort=-price&pageSize=1');
    expect(page).toMatchObject({ totalItems: 1, totalPages: 1, items: [{ name: 'espresso machine', price: 249 }] });
  });

  it.each([
    { query: 'page=0', field: 'page' },
    { query: 'page=-1', field: 'page' },
    { query: 'page=1.5', field: 'page' },
    { query: 'page=first', field: 'page' },
    { query: 'page=1&page=2', field: 'page' },
    { query: 'page=1000001', field: 'page' },
    { query: 'pageSize=0', field: 'pageSize' },
    { query: 'pageSize=101', field: 'pageSize' },
    { query: 'pageSize=10000', field: 'pageSize' },
    { query: 'pageSize=all', field: 'pageSize' },
    { query: `search=${'x'.repeat(201)}`, field: 'search' },
    { query: 'search=%00', field: 'search' },
    { query: 'search=a%09b', field: 'search' },
    { query: 'search=a%0Ab', field: 'search' },
    { query: 'search=%1B%5B2J', field: 'search' },
    { query: 'search=%7F', field: 'search' },
    { query: 'search=%C2%85', field: 'search' },
    { query: 'minPrice=-1', field: 'minPrice' },
    { query: 'minPrice=cheap', field: 'minPrice' },
    { query: 'minPrice=1.234', field: 'minPrice' },
    { query: 'maxPrice=-0.01', field: 'maxPrice' },
    { query: 'minPrice=5&maxPrice=4.99', field: 'maxPrice' },
    { query: 'sort=stock', field: 'sort' },
    { query: 'sort=NAME', field: 'sort' },
    { query: 'sort=price,name', field: 'sort' },
    { query: 'color=red', field: 'color' },
  ])('refuses $query with a 400 naming $field', async ({ query, field }) => {
    const response = await host.service.app.inject({ method: 'GET', url: `${PRODUCTS_URL}?${query}` });
    expectProblem(response, 400, field);
  });
});

const FIXTURE_NAMES_BY_NAME = [
  'Coffee beans 100% arabica',
  'Espresso cup',
  'espresso machine',
  'Filter papers',
  'Grinder',
  'Milk jug',
  'Tea_pot',
];

/** Products priced above 20, cheapest first. */
const ABOVE_20 = ['Coffee beans 100% arabica', 'Tea_pot', 'espresso machine'];
