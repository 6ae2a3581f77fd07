import { createHmac } from 'node:crypto';
import { SignatureInvalidError } from '../http/http.errors';
import { verifySignature } from './payment-signature.guard';

const SECRET = 'spec-secret-0123456789abcdef';
const BODY = Buffer.from('{"type":"captured","deliveryId":"evt-1"}');
const NOW_MS = 1_800_000_000_000;
const TOLERANCE_S = 300;

const header = (at: number, secret = SECRET, body = BODY) =>
  `t=${at},v1=${createHmac('sha256', secret).update(`${at}.`).update(body).digest('hex')}`;
const verify = (signature: string) => () => verifySignature(SECRET, BODY, signature, TOLERANCE_S, NOW_MS);

/** The clock is the spec's own, so the window's edges are checked to the second, on any machine load. */
describe('verifySignature', () => {
  const now = NOW_MS / 1000;

  it.each([
    ['at the server time', now],
    ['at the far edge of the window in the past', now - TOLERANCE_S],
    ['at the far edge of the window in the future', now + TOLERANCE_S],
  ])('accepts a signature made %s', (_, at) => {
    expect(verify(header(at))).not.toThrow();
  });

  it.each([
    ['a second before the window', now - TOLERANCE_S - 1],
    ['a second after the window', now + TOLERANCE_S + 1],
  ])('refuses a correctly signed delivery made %s, naming the tolerance', (_, at) => {
    expect(verify(header(at))).toThrow(SignatureInvalidError);
    expect(verify(header(at))).toThrow(/outside the tolerance of 300 s/);
  });

  it('refuses a signature whose timestamp was changed after signing', () => {
    const signed = header(now - 10);
    expect(verify(signed.replace(/^t=\d+/, `t=${now}`))).toThrow(/does not match/);
  });
});
