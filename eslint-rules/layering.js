// Enforces the layering of ARCHITECTURE.md on every import, export-from, dynamic import and require.
// The layer comes from the folder (as in VS Code's code-layering rule), and each layer is checked for
// the runtime it runs in:
//   - common/ runs in Node AND the browser: it imports only common/ and a few pure packages
//     (COMMON_PACKAGES) — no Node built-ins, no Node-only or DOM-only package, no main/, native/,
//     preload/ or renderer/;
//   - renderer/ runs in the browser: only renderer/, common/ and preload/contract/, never Node built-ins
//     or Node-only packages (and so never main/ or native/);
//   - preload/contract is shared by every process: zod, itself and common/ only;
//   - `electron` only in main/electron/ and preload/index.ts;
//   - main/core, main/db, main/hub and native never import api, boot, host or the shells; other layers know
//     the hub only through main/hub/protocol.ts and main/hub/client.ts;
//   - main/boot (the one boot both shells run) composes api, core, db, hub and native; only the
//     shells (main/host, main/electron) import it.
// Import cycles are a separate rule (import-x/no-cycle in eslint.config.js).
import path from 'node:path';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Packages that need Node (native addons, sockets, files, processes): never in the renderer. */
export const NODE_ONLY_PACKAGES = [
  'better-sqlite3', 'better-sqlite3-multiple-ciphers', 'node-hid', 'serialport', 'conf', 'electron-store', 'fastify', 'ws', 'pdfmake', 'sharp', 'tsx', 'electron',
];
const NODE_ONLY_SCOPES = ['@fastify/', '@serialport/', '@img/'];

/** Packages common/ may use: pure JavaScript, no Node built-ins, no DOM. Anything else must be argued for here. */
export const COMMON_PACKAGES = ['zod', 'dayjs'];

function layerOf(rel) {
  if (rel.startsWith('common/')) return 'common';
  if (rel.startsWith('main/electron/')) return 'shell';
  if (rel === 'preload/index.ts') return 'preload';
  if (rel.startsWith('preload/contract/')) return 'contract';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('main/core/')) return 'core';
  if (rel.startsWith('main/db/')) return 'db';
  if (rel.startsWith('main/api/')) return 'api';
  if (rel.startsWith('main/host/')) return 'host';
  if (rel.startsWith('main/boot/')) return 'boot';
  if (rel.startsWith('main/hub/')) return 'hub';
  if (rel.startsWith('native/')) return 'native';
  return null;
}

/** Which project layers each layer may import (by the target's layer). `null` = a file outside the layered tree. */
const MAY_IMPORT = {
  common: ['common'],
  contract: ['contract', 'common'],
  renderer: ['renderer', 'contract', 'common'],
  preload: ['contract', 'common'],
  core: ['core', 'db', 'contract', 'native', 'hub-protocol', 'common', null],
  db: ['db', 'core', 'contract', 'common', null],
  native: ['native', 'core', 'contract', 'common', null],
  hub: ['hub', 'hub-protocol', 'core', 'db', 'contract', 'common', null],
  api: ['api', 'core', 'db', 'contract', 'native', 'hub-protocol', 'common', null],
  boot: ['boot', 'api', 'core', 'db', 'contract', 'native', 'hub', 'hub-protocol', 'common'],
  host: ['host', 'boot', 'api', 'core', 'db', 'contract', 'native', 'hub', 'hub-protocol', 'common', null],
  shell: ['shell', 'boot', 'api', 'core', 'db', 'contract', 'native', 'hub', 'hub-protocol', 'common', null],
};

function targetLayer(rel) {
  // The hub's wire protocol and typed client are what other layers may know of the hub.
  if (rel === 'main/hub/protocol.ts' || rel === 'main/hub/client.ts' || rel === 'main/hub/cases/protocol.ts' || rel === 'main/hub/files/protocol.ts') return 'hub-protocol';
  return layerOf(rel);
}

const packageOf = (source) => (source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0]);
const isNodeOnly = (source, pkg) =>
  NODE_BUILTINS.has(source) || NODE_BUILTINS.has(pkg) || NODE_ONLY_PACKAGES.includes(pkg) || NODE_ONLY_SCOPES.some((s) => pkg.startsWith(s));

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the process, runtime and layer boundaries of ARCHITECTURE.md' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, commonPackages: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      electron: "'electron' may only be imported in main/electron/ and preload/index.ts (this file is in {{layer}}).",
      nodeInRenderer: "The renderer runs in a browser: it cannot import '{{source}}'. Talk to main through window.desk (renderer/src/api).",
      commonDeps:
        "common/ runs in Node and in the browser: it may import only common/ and the pure packages {{allowed}}, not '{{source}}'. Put environment-specific code in main/, native/ or renderer/.",
      layer: "Bad layering: {{layer}} may not import {{target}} ('{{source}}').",
      contractDeps: "preload/contract is shared with the renderer: it may import only zod, itself and common/, not '{{source}}'.",
    },
  },
  create(context) {
    const opts = context.options[0] ?? {};
    const root = opts.root ?? context.cwd;
    const commonPackages = opts.commonPackages ?? COMMON_PACKAGES;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const layer = layerOf(file);
    if (!layer) return {};

    function checkPackage(node, source) {
      const pkg = packageOf(source);
      if (pkg === 'electron' && layer !== 'shell' && layer !== 'preload') return context.report({ node, messageId: 'electron', data: { layer } });
      if (layer === 'common' && !commonPackages.includes(pkg)) {
        return context.report({ node, messageId: 'commonDeps', data: { source, allowed: commonPackages.join(', ') } });
      }
      if (layer === 'renderer' && isNodeOnly(source, pkg)) return context.report({ node, messageId: 'nodeInRenderer', data: { source } });
      if (layer === 'contract' && pkg !== 'zod') return context.report({ node, messageId: 'contractDeps', data: { source } });
    }

    function check(node, source) {
      if (typeof source !== 'string') return;
      if (!source.startsWith('.') && !source.startsWith('/')) return checkPackage(node, source);
      const abs = path.resolve(path.dirname(context.filename), source);
      let rel = path.relative(root, abs).split(path.sep).join('/');
      if (!/\.[cm]?[jt]sx?$/.test(rel)) rel = `${rel}.ts`;
      const target = targetLayer(rel) ?? targetLayer(rel.replace(/\.ts$/, '/index.ts'));
      if (MAY_IMPORT[layer].includes(target)) return;
      if (layer === 'common') return context.report({ node, messageId: 'commonDeps', data: { source, allowed: commonPackages.join(', ') } });
      context.report({ node, messageId: 'layer', data: { layer, target: target ?? 'outside code', source } });
    }

    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') check(n, n.arguments[0].value);
      },
    };
  },
};
