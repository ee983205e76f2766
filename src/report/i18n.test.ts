import { describe, expect, it } from 'vitest';
import { SITE_KINDS, SITE_STATUSES } from '../core/model.js';
import { LANGUAGES, messageKeys, t } from './i18n.js';

describe('i18n', () => {
  it('has the same keys in Finnish, Swedish and English', () => {
    const fi = messageKeys('fi').sort();
    for (const lang of LANGUAGES) expect(messageKeys(lang).sort()).toEqual(fi);
  });
  it('has a label for every site kind and status in every language', () => {
    for (const lang of LANGUAGES) {
      for (const k of SITE_KINDS) expect(t(lang, `kind.${k}`)).not.toBe('');
      for (const s of SITE_STATUSES) expect(t(lang, `status.${s}`)).not.toBe('');
    }
  });
  it('fills placeholders and refuses unknown keys', () => {
    expect(t('en', 'info.warnings', { n: 3 })).toBe('Warnings (3):');
    expect(t('fi', 'info.warnings', { n: 3 })).toBe('Varoitukset (3):');
    expect(() => t('sv', 'no.such.key')).toThrow(/no sv text/);
  });
});
