import 'reflect-metadata';
import { IsInt, IsUUID, Min } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { IsEmailAddress, IsText } from '../validation';
import { bodyOf, Documented, paramsAndBodyOf, schemaOf } from './schema';

class RestockItem {
  @IsUUID()
  id: string;

  @IsInt()
  @Min(1)
  quantity: number;

  @IsText({ maxLength: 200 })
  @Documented({ example: 'Back from the supplier' })
  note: string;

  @IsText({ maxLength: 2000, multiline: true })
  @Documented({ format: 'password' })
  secret: string;

  @IsEmailAddress()
  contact: string;
}

describe('schemaOf', () => {
  it('documents plain text as a string matching none of the refused characters, per line mode', () => {
    const { properties } = schemaOf(RestockItem) as { properties: Record<string, Record<string, unknown>> };
    expect(properties.note).toMatchObject({ type: 'string', maxLength: 200, not: { pattern: expect.any(String) } });
    const refusedBy = (name: string) =>
      new RegExp(String((properties[name]?.not as { pattern?: string })?.pattern), 'u');
    const singleLine = refusedBy('note');
    const multiLine = refusedBy('secret');
    expect(singleLine.test('a\nb')).toBe(true);
    expect(multiLine.test('a\nb')).toBe(false);
    expect(multiLine.test('a\u0000b')).toBe(true);
  });

  it('documents an email address as an email', () => {
    const { properties } = schemaOf(RestockItem) as { properties: Record<string, Record<string, unknown>> };
    expect(properties.contact).toEqual({ type: 'string', format: 'email' });
  });

  it('adds what Documented says to what the rules imply', () => {
    const { properties } = schemaOf(RestockItem) as { properties: Record<string, Record<string, unknown>> };
    expect(properties.note).toMatchObject({ example: 'Back from the supplier', maxLength: 200 });
    expect(properties.secret).toMatchObject({ format: 'password', maxLength: 2000 });
  });
});

describe('paramsAndBodyOf', () => {
  it('splits a request into its path parameters and a closed body holding the rest', () => {
    const { params, body } = paramsAndBodyOf(RestockItem, ['id']);
    expect(Object.keys(params.properties ?? {})).toEqual(['id']);
    expect(params.required).toEqual(['id']);
    expect(Object.keys(body.properties ?? {})).toEqual(['quantity', 'note', 'secret', 'contact']);
    expect(body.required).toEqual(['quantity', 'note', 'secret', 'contact']);
    expect(body.additionalProperties).toBe(false);
  });
});

describe('bodyOf', () => {
  it('leaves out the fields the endpoint fills itself, and closes the body', () => {
    const body = bodyOf(RestockItem, ['id', 'secret']);
    expect(Object.keys(body.properties ?? {})).toEqual(['quantity', 'note', 'contact']);
    expect(body.required).toEqual(['quantity', 'note', 'contact']);
    expect(body.additionalProperties).toBe(false);
  });
});
