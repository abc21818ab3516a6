import { actionLabel, familyLabel, goalStatusLabel, objectLabel, transferStatusLabel } from '../../src/core/labels';

describe('labels: words for people, whatever key arrives', () => {
  it('gives each table\'s words for a known key', () => {
    expect(familyLabel('charset')).not.toBe('Other check');
    expect(objectLabel('site__v')).toBe('Study site');
    expect(actionLabel('create')).toBe('Create');
  });

  it('falls back for keys a table does not know, including names every object inherits', () => {
    // A key such as "constructor" read from a plain object would hand back a function as the label.
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(familyLabel(key)).toBe('Other check');
      expect(transferStatusLabel(key)).toBe('Unknown state');
      expect(goalStatusLabel(key)).toBe('');
      expect(actionLabel(key)).toBe(key);
      expect(typeof objectLabel(key)).toBe('string');
    }
    expect(objectLabel('study_site__c')).toBe('Study site');
    expect(objectLabel('__c')).toBe('Record');
  });
});
