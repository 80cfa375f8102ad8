/**
 * The console page as the opsConsole function serves it: its assets are the ones console/
 * builds to (so the committed module cannot fall behind the source), the CSP allows exactly
 * the inline script and style it carries, and nothing is loaded from anywhere else.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/ops-console.js';
import { consoleBody, consoleScript, consoleStyles } from '../../../functions/ops-console/assets.js';
import { consoleContentSecurityPolicy, consoleHtml } from '../../../functions/ops-console/page.js';
import { buildConsoleAssets } from '../../../scripts/console-assets.js';

const hashSource = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const directivesOf = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values]),
  );

const inlineOf = (html: string, tag: 'script' | 'style'): string[] =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');

describe('the console assets', () => {
  it('are what console/ builds to today (run npm run console:build after changing console/)', async () => {
    const built = await buildConsoleAssets();
    expect(built.script).toBe(consoleScript);
    expect(built.styles).toBe(consoleStyles);
    expect(built.body).toBe(consoleBody);
  });

  it('come from browser code that type-checks against the DOM', () => {
    expect(() =>
      execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'console'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  }, 60_000);
});

describe('the console page', () => {
  it('carries one inline script and one inline style, each allowed by its hash and nothing else', () => {
    const directives = directivesOf(consoleContentSecurityPolicy);
    const scripts = inlineOf(consoleHtml, 'script');
    const styles = inlineOf(consoleHtml, 'style');
    expect(scripts).toEqual([consoleScript]);
    expect(styles).toEqual([consoleStyles]);
    expect(directives.get('script-src')).toEqual([hashSource(consoleScript)]);
    expect(directives.get('style-src')).toEqual([hashSource(consoleStyles)]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('require-trusted-types-for')).toEqual(["'script'"]);
  });

  it('loads nothing from outside the hub: no external src or href, no inline handlers', () => {
    expect(consoleHtml).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(consoleHtml).not.toMatch(/<(script|link|img|iframe)\b[^>]*\bsrc=/i);
    expect(consoleBody).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('never writes markup from strings in the browser code', () => {
    expect(consoleScript).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('is answered as HTML with its CSP and the framing, sniffing and referrer guards, to anyone (the key is asked in the page)', async () => {
    const answer = await handler();
    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': consoleContentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(answer.body).toBe(consoleHtml);
  });
});
