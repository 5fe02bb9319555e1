// An uncertain input's key (engine/demand: 'users.monthly_growth', 'classes.b2b.api_monthly_growth',
// 'pools.chat.availability', 'capacity_error:nvidia/trt-llm') in words, in the page's language, with
// the same field names as the Scenarios page. Used by the tornado and the posterior tables.
import { t, hasKey } from './i18n.svelte';

const field = (k: string): string => (hasKey(`knob.field.${k}`) ? t(`knob.field.${k}`) : hasKey(`sc.field.${k}`) ? t(`sc.field.${k}`) : k);

export function knobLabel(key: string): string {
  const ce = /^capacity_error:(.+)$/.exec(key);
  if (ce) return t('knob.capacityError', { group: ce[1] });
  const parts = key.split('.');
  if (parts[0] === 'users' && parts.length === 2) return `${t('knob.users')} · ${field(parts[1])}`;
  if (parts[0] === 'classes' && parts.length >= 3) {
    const rest = parts.slice(2);
    const what = rest[0] === 'calendar' && rest[1] ? t('knob.calendar', { effect: rest[1] }) : field(rest[rest.length - 1]);
    return `${t('knob.class', { id: parts[1] })} · ${what}`;
  }
  if (parts[0] === 'pools' && parts.length === 3) return `${t('knob.pool', { id: parts[1] })} · ${field(parts[2])}`;
  return field(parts[parts.length - 1]);
}
