import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '@app/event-store';

export function aMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    actor: { id: 'user-test', role: 'administrator', unit: '01' },
    correlationId: randomUUID(),
    occurredAt: '2026-03-01T08:00:00.000Z',
    ...overrides,
  };
}

export function anEvent(type = 'TestHappened', data: unknown = { n: 1 }, metadata: Partial<EventMetadata> = {}): NewEvent {
  return { id: randomUUID(), type, data, metadata: aMetadata(metadata) };
}
