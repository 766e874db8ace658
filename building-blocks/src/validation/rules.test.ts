import 'reflect-metadata';
import { IsString, MaxLength, validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { composeRules, IsEmailAddress, IsSearchTerm, IsText } from './rules';

class Product {
  @IsText({ maxLength: 10, notBlank: true })
  name: unknown = 'Mug';

  @IsText({ maxLength: 20, multiline: true })
  description: unknown = 'Porcelain\nwhite';

  @IsText({ minLength: 3, maxLength: 5 })
  code: unknown = 'ABC';

  @IsSearchTerm(8)
  search: unknown = 'mug';
}

const failing = (fields: Partial<Product>) =>
  validateSync(Object.assign(new Product(), fields)).map((error) => error.property);

describe('IsText', () => {
  it('accepts values within every rule', () => {
    expect(failing({})).toEqual([]);
  });

  it.each([
    { case: 'a number', fields: { name: 7 }, field: 'name' },
    { case: 'a blank name', fields: { name: '   ' }, field: 'name' },
    { case: 'an empty name', fields: { name: '' }, field: 'name' },
    { case: 'a name too long', fields: { name: 'x'.repeat(11) }, field: 'name' },
    { case: 'a name on two lines', fields: { name: 'a\nb' }, field: 'name' },
    { case: 'NUL in a multi-line field', fields: { description: 'a\u0000' }, field: 'description' },
    { case: 'a code too short', fields: { code: 'AB' }, field: 'code' },
    { case: 'a search too long', fields: { search: 'x'.repeat(9) }, field: 'search' },
    { case: 'a search with a tab', fields: { search: 'a\tb' }, field: 'search' },
  ])('refuses $case, naming $field', ({ fields, field }) => {
    expect(failing(fields)).toEqual([field]);
  });

  it('counts an emoji as one character, as Postgres does', () => {
    expect(failing({ name: '☕'.repeat(10) })).toEqual([]);
  });
});

describe('composeRules', () => {
  class Code {
    @composeRules(IsString(), MaxLength(3))
    value: unknown;
  }
  const constraints = (value: unknown) =>
    validateSync(Object.assign(new Code(), { value })).flatMap((error) => Object.keys(error.constraints ?? {}));

  it('applies every decorator it was given to the property', () => {
    expect(constraints('abc')).toEqual([]);
    expect(constraints('abcd')).toEqual(['maxLength']);
    expect(constraints(5)).toEqual(expect.arrayContaining(['isString']));
  });
});

describe('IsEmailAddress', () => {
  class Contact {
    @IsEmailAddress()
    email: unknown;
  }
  const messages = (email: unknown) =>
    validateSync(Object.assign(new Contact(), { email })).flatMap((error) => Object.values(error.constraints ?? {}));

  it('accepts an email address', () => {
    expect(messages('ada@example.com')).toEqual([]);
  });

  it.each([
    ['not an address', 'ada'],
    ['a number', 42],
    ['NUL in the local part', 'a\u0000da@example.com'],
    // validator.js's isEmail throws on these instead of answering false.
    ['a lone surrogate in the domain', 'ada@exa\ud800mple.com'],
    ['a lone surrogate in the local part', 'a\udc00da@example.com'],
  ])('refuses %s without throwing', (_case, email) => {
    expect(messages(email)).toEqual(['email must be an email address']);
  });
});
