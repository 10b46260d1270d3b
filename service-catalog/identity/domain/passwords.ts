import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 iterations). */
export const hashPassword = (password: string): Promise<string> => hash(password);

// A hash of a random string, so a login for an unknown user costs as much as one for a known user.
const dummyHash = hash(`no-such-user-${Math.random()}`);

/** Constant-ish time: unknown users (hash null) still pay for one verification. */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
