/** A command line the command cannot act on; main prints its message alone and exits with 2, as for a bad flag. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
