/**
 * Base of every rule violation the domain raises. `code` is the stable, machine-readable name the HTTP edge maps to a
 * problem type, so it never changes once published; `message` is for people and may.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = Object.freeze({ ...details });
  }
}
