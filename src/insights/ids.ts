/**
 * Question ids: 16 random base64url characters (96 bits), made by the front
 * end before the reply is sent so the 👍/👎 buttons can carry them. They say
 * nothing about the question or the asker, and guessing one is hopeless; a
 * forged or unknown id can at most cast a vote that is ignored.
 */
import { randomBytes } from 'node:crypto';

const QUESTION_ID = /^[A-Za-z0-9_-]{16}$/;

export function newQuestionId(): string {
  return randomBytes(12).toString('base64url');
}

export function isQuestionId(value: unknown): value is string {
  return typeof value === 'string' && QUESTION_ID.test(value);
}
