/** A function's settings are parsed with the configuration's schemas, in the cloud as locally: nothing malformed gets through. */
import { afterEach, describe, expect, it } from 'vitest';
import { functionSetting } from '../../functions/lib/settings.js';
import { ConfigurationError } from '../../shared/config.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['HUB_ACTIVITY_FLUSH_SECONDS', 'JXNU_APP_ID', 'WANGTI_BASE_URL']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('a function setting', () => {
  it('is read as its schema says, with its default when unset', () => {
    delete process.env.HUB_ACTIVITY_FLUSH_SECONDS;
    expect(functionSetting('HUB_ACTIVITY_FLUSH_SECONDS')).toBe(10);
    process.env.HUB_ACTIVITY_FLUSH_SECONDS = '0';
    expect(functionSetting('HUB_ACTIVITY_FLUSH_SECONDS')).toBe(0);
    process.env.WANGTI_BASE_URL = 'http://127.0.0.1:3101';
    expect(functionSetting('WANGTI_BASE_URL')).toBe('http://127.0.0.1:3101');
  });

  it.each([
    ['HUB_ACTIVITY_FLUSH_SECONDS', 'soon', /HUB_ACTIVITY_FLUSH_SECONDS is malformed/],
    ['HUB_ACTIVITY_FLUSH_SECONDS', '-1', /HUB_ACTIVITY_FLUSH_SECONDS is malformed/],
    ['WANGTI_BASE_URL', 'not a url', /WANGTI_BASE_URL is malformed/],
    ['JXNU_APP_ID', '', /JXNU_APP_ID is not set/],
  ] as const)('refuses %s=%j with a ConfigurationError naming it', (name, value, message) => {
    process.env[name] = value;
    expect(() => functionSetting(name)).toThrow(ConfigurationError);
    expect(() => functionSetting(name)).toThrow(message);
  });
});
