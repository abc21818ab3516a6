import { sha256Hex } from '../../src/core/audit';

// Published vectors from NIST's FIPS 180-2 appendix B (SHA-256 examples), checked
// against the audit trail's hash function, not against another implementation.
describe('sha256Hex against the FIPS 180-2 published vectors', () => {
  it('hashes the two-block message', () => {
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))
      .toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('hashes one million "a"', () => {
    expect(sha256Hex('a'.repeat(1_000_000)))
      .toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
});
