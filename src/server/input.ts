import { z } from 'zod';
import { DomainError } from '../domain/errors.js';

/**
 * Validates request input (query strings, small bodies) with zod; the first bad field is
 * named the way command errors name theirs: `query.limit: …`.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, where: string): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const parts = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] as string] : issue.path;
  const path = [where, ...parts.map(String)].join('.');
  const message = issue.code === 'unrecognized_keys' ? 'not a known field' : issue.message;
  throw new DomainError('VALIDATION_FAILED', `${path}: ${message}`, path);
}
