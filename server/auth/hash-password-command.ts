import { hashPassword } from './password.ts';

/**
 * `kestrel hash-password`: reads a password from stdin (never from the command line, where
 * it would end up in shell history and `ps`) and prints its scrypt hash for `auth.viewers`.
 */
export async function hashPasswordCommand(
  stdin: AsyncIterable<Buffer | string>,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  let input = '';
  for await (const chunk of stdin) input += String(chunk);
  const password = input.replace(/\r?\n$/, '');
  if (password.length === 0) {
    err(
      'kestrel: hash-password: no password on stdin (try: printf %s "$PASSWORD" | kestrel hash-password)\n',
    );
    return 1;
  }
  if (password.length < 8)
    err('kestrel: hash-password: warning: the password is shorter than 8 characters\n');
  out(`${await hashPassword(password)}\n`);
  return 0;
}
