/** Input the command cannot use: one clear line on stderr, exit 2, no partial output. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
