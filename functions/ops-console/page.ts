/**
 * The console page as one HTML document: the styles and the script inline (assets.ts, built
 * from console/), allowed by their SHA-256 in a Content-Security-Policy that allows nothing
 * else: no other script or style, no frame, no form target, no plugin, requests to this hub
 * only, and no HTML sink (Trusted Types without a policy).
 */
import { createHash } from 'node:crypto';
import { consoleBody, consoleScript, consoleStyles } from './assets.js';

export class ConsolePageError extends Error {
  override readonly name = 'ConsolePageError';
}

const sha256Source = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

// An inline script or style ends at the first closing tag: the bundle must hold none.
if (/<\/script/i.test(consoleScript) || /<\/style/i.test(consoleStyles))
  throw new ConsolePageError(
    'the console assets contain a closing </script> or </style>; rebuild them with npm run console:build',
  );

export const consoleContentSecurityPolicy = [
  "default-src 'none'",
  `script-src ${sha256Source(consoleScript)}`,
  `style-src ${sha256Source(consoleStyles)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

export const consoleHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': consoleContentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // The page changes with each deployment; the browser asks again rather than show an old one.
  'cache-control': 'no-cache',
};

export const consoleHtml = [
  '<!doctype html>',
  '<html lang="zh-CN">',
  '<head>',
  '<meta charset="utf-8">',
  '<meta name="viewport" content="width=device-width, initial-scale=1">',
  '<meta name="referrer" content="no-referrer">',
  '<title>Operators\u2019 console · Jiangxi CE hub</title>',
  '<link rel="icon" href="data:,">',
  `<style>${consoleStyles}</style>`,
  '</head>',
  '<body>',
  consoleBody,
  `<script>${consoleScript}</script>`,
  '</body>',
  '</html>',
  '',
].join('\n');
