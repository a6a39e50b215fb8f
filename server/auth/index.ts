// Who may do what: the viewers' sign-in, the admin token, and the failure limit on both.
// The API's routes and the HTTP app both check through it; it knows nothing of either.
export { Authenticator, type AuthOptions } from './auth.ts';
export { hashPasswordCommand } from './hash-password-command.ts';
export { hashPassword } from './password.ts';
export { FailureLimiter } from './rate-limit.ts';
