/**
 * Non-secret settings: documented defaults, CDK context and props override them, bad values
 * stop the synthesis naming the setting; the poll interval drives the schedule, the functions'
 * WANGTI_POLL_SECONDS and the poller alarm's window.
 */
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings, settingsDefaults, SettingsError } from '../../infra/settings.js';
import { functions, functionNames } from '../../infra/topology.js';
import { environmentOf, logicalIdOf, resourcesOfType, synthHub, type SynthesisedHub } from './support/hub.js';

const nodeWith = (context: Record<string, unknown> = {}) => new App({ context }).node;

describe('resolveSettings', () => {
  it('defaults: the topology poll interval, a jxnu app id and a placeholder wangti URL that never resolves', () => {
    expect(resolveSettings(nodeWith())).toEqual(settingsDefaults);
    expect(settingsDefaults.wangtiPollSeconds).toBe(functions.wangtiPoller.schedule?.intervalSecondsDefault);
    expect(new URL(settingsDefaults.wangtiBaseUrl).hostname).toMatch(/\.invalid$/);
  });

  it('context overrides defaults (strings from -c are parsed), props override context', () => {
    const node = nodeWith({
      wangtiPollSeconds: '600',
      wangtiBaseUrl: 'https://export.wangti.example',
      jxnuAppId: 'hub-prod',
    });
    expect(resolveSettings(node)).toEqual({
      wangtiPollSeconds: 600,
      wangtiBaseUrl: 'https://export.wangti.example',
      jxnuAppId: 'hub-prod',
    });
    expect(resolveSettings(node, { wangtiPollSeconds: 120 }).wangtiPollSeconds).toBe(120);
  });

  it.each([
    [{ wangtiPollSeconds: '90' }, /wangtiPollSeconds: must be whole minutes/],
    [{ wangtiPollSeconds: '30' }, /wangtiPollSeconds/],
    [{ wangtiPollSeconds: 'soon' }, /wangtiPollSeconds/],
    [{ wangtiBaseUrl: 'http://export.wangti.example' }, /wangtiBaseUrl: must be https/],
    [{ wangtiBaseUrl: 'not a url' }, /wangtiBaseUrl: not a URL/],
    [{ jxnuAppId: ' ' }, /jxnuAppId/],
  ])('refuses %j', (context, message) => {
    expect(() => resolveSettings(nodeWith(context))).toThrow(SettingsError);
    expect(() => resolveSettings(nodeWith(context))).toThrow(message);
  });
});

describe('a stack synthesised with context wangtiPollSeconds=900', () => {
  let hub: SynthesisedHub;
  beforeAll(() => {
    hub = synthHub({
      bundle: false,
      context: { wangtiPollSeconds: '900', wangtiBaseUrl: 'https://export.wangti.example' },
    });
  });
  afterAll(() => hub.cleanup());

  it('polls every 15 minutes', () => {
    hub.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
  });

  it('tells every function the interval and the wangti URL', () => {
    for (const name of functionNames) {
      const variables = environmentOf(hub.json.Resources[logicalIdOf(hub.stack.functions[name].fn)]!);
      expect(variables).toMatchObject({ WANGTI_POLL_SECONDS: '900', WANGTI_BASE_URL: 'https://export.wangti.example' });
    }
  });

  it('widens the poller-silent window to three intervals', () => {
    const silent = resourcesOfType(hub.json, 'AWS::CloudWatch::Alarm').find(([, alarm]) =>
      String(alarm.Properties?.AlarmName).endsWith('-wangti-poller-silent'),
    );
    expect(silent?.[1].Properties?.Period).toBe(2700);
  });
});
