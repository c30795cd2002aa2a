import i18n from '../i18n';

/** An event type in the person's language; a type the console does not know yet is shown as the API names it. */
export function eventLabel(type: string): string {
  const key = `event.${type}`;
  return i18n.exists(key) ? i18n.t(key as 'event.DossierRegistered') : type;
}

export function roleLabel(role: string): string {
  const key = `role.${role}`;
  return i18n.exists(key) ? i18n.t(key as 'role.auditor') : role;
}
