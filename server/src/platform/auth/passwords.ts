import { hash, verify } from "@node-rs/argon2";

// argon2id with the OWASP-recommended cost (19 MiB, 2 passes); the library's defaults.
export const hashPassword = (password: string): Promise<string> => hash(password);

// Verifying against this when the account does not exist keeps response times alike.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$mw/5hlcY/UmBbNzFN65Pog$WsFoMCXEy6xPeoJHvxparhi0vOiPd0x3+PEsGood+A4";

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? DUMMY_HASH, password);
    return ok && passwordHash !== undefined;
  } catch {
    return false;
  }
}
