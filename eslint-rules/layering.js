// Enforces DESIGN.md's layering on every import, export-from, dynamic import and require:
//   - `electron` only in main/electron/ and preload/index.ts;
//   - the renderer never reaches Node, the database, devices or main-process code;
//   - main/core, main/db, main/hub and native never import api, host or electron shells;
//   - preload/contract depends on zod and itself only.
// Modelled on VS Code's code-layering rule: the layer comes from the folder, not a file suffix.
import path from 'node:path';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const NODE_ONLY_PACKAGES = ['better-sqlite3', 'node-hid', 'conf', 'electron-store', 'fastify', '@fastify/static', 'ws', 'pdfmake', 'sharp', 'tsx'];

function layerOf(rel) {
  if (rel.startsWith('main/electron/')) return 'shell';
  if (rel === 'preload/index.ts') return 'preload';
  if (rel.startsWith('preload/contract/')) return 'contract';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('main/core/')) return 'core';
  if (rel.startsWith('main/db/')) return 'db';
  if (rel.startsWith('main/api/')) return 'api';
  if (rel.startsWith('main/host/')) return 'host';
  if (rel.startsWith('main/hub/')) return 'hub';
  if (rel.startsWith('native/')) return 'native';
  return null;
}

/** Which project layers each layer may import (by the target's layer). `null` = a file outside the layered tree. */
const MAY_IMPORT = {
  contract: ['contract'],
  renderer: ['renderer', 'contract'],
  core: ['core', 'db', 'contract', 'native', 'hub-protocol', null],
  db: ['db', 'core', 'contract', null],
  native: ['native', 'core', 'contract', null],
  hub: ['hub', 'hub-protocol', 'core', 'db', 'contract', null],
  api: ['api', 'core', 'db', 'contract', 'native', 'hub-protocol', null],
  host: ['host', 'api', 'core', 'db', 'contract', 'native', 'hub', 'hub-protocol', null],
  shell: ['shell', 'api', 'core', 'db', 'contract', 'native', 'hub', 'hub-protocol', null],
  preload: ['contract'],
};

function targetLayer(rel) {
  // The hub's wire protocol and typed client are what other layers may know of the hub.
  if (rel === 'main/hub/protocol.ts' || rel === 'main/hub/client.ts') return 'hub-protocol';
  return layerOf(rel);
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the process and layer boundaries of DESIGN.md' },
    schema: [{ type: 'object', properties: { root: { type: 'string' }, rendererMayImport: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: {
      electron: "'electron' may only be imported in main/electron/ and preload/index.ts (this file is in {{layer}}).",
      nodeInRenderer: "The renderer runs in a browser: it cannot import '{{source}}'. Talk to main through window.desk (renderer/src/api).",
      layer: "Bad layering: {{layer}} may not import {{target}} ('{{source}}').",
      contractDeps: "preload/contract is shared with the renderer: it may import only zod and itself, not '{{source}}'.",
    },
  },
  create(context) {
    const opts = context.options[0] ?? {};
    const root = opts.root ?? context.cwd;
    const rendererMayImport = new Set(opts.rendererMayImport ?? []);
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const layer = layerOf(file);
    if (!layer) return {};

    function check(node, source) {
      if (typeof source !== 'string') return;
      const bare = !source.startsWith('.') && !source.startsWith('/');
      if (bare) {
        const pkg = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
        if (pkg === 'electron' && layer !== 'shell' && layer !== 'preload') return context.report({ node, messageId: 'electron', data: { layer } });
        if (layer === 'renderer' && (NODE_BUILTINS.has(source) || NODE_BUILTINS.has(pkg) || NODE_ONLY_PACKAGES.includes(pkg))) {
          return context.report({ node, messageId: 'nodeInRenderer', data: { source } });
        }
        if (layer === 'contract' && pkg !== 'zod') return context.report({ node, messageId: 'contractDeps', data: { source } });
        return;
      }
      const abs = path.resolve(path.dirname(context.filename), source);
      let rel = path.relative(root, abs).split(path.sep).join('/');
      if (!/\.[cm]?[jt]sx?$/.test(rel)) rel = `${rel}.ts`;
      if (layer === 'renderer' && [...rendererMayImport].some((p) => rel === p || rel.replace(/\.ts$/, '/index.ts') === p)) return;
      const target = targetLayer(rel) ?? targetLayer(rel.replace(/\.ts$/, '/index.ts'));
      if (!MAY_IMPORT[layer].includes(target)) context.report({ node, messageId: 'layer', data: { layer, target: target ?? 'outside code', source } });
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
