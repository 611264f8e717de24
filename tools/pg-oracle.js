#!/usr/bin/env node
// PostgreSQL's own parser (libpg-query) as the test oracle: for every *.sql file under a folder it
// prints one JSON line {file, statements:[{start, kind}]} or {file, error}, offsets in UTF-16 code units
// from the statement's first code character (leading whitespace and comments skipped), so the C# test
// can compare them with its own splitter and classifier. Usage: node tools/pg-oracle.js <folder>
'use strict';
const fs = require('fs');
const path = require('path');
const { parseSync, loadModule } = require('libpg-query');

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return e.name.toLowerCase().endsWith('.sql') ? [full] : [];
  }).sort();
}

// Skips whitespace and comments (-- to end of line, nested /* */) from a UTF-16 offset.
function skipTrivia(text, i) {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      let depth = 0;
      while (i < text.length) {
        if (text.startsWith('/*', i)) { depth++; i += 2; } else if (text.startsWith('*/', i)) { depth--; i += 2; if (depth === 0) break; } else i++;
      }
    } else return i;
  }
}

// The statement's kind: the parse node's name, with DROP's object type (DropStmt:OBJECT_TABLE).
function kindOf(stmt) {
  const name = Object.keys(stmt)[0];
  const node = stmt[name];
  if (name === 'DropStmt') return `${name}:${node.removeType}`;
  if (name === 'TransactionStmt') return `${name}:${node.kind}`;
  return name;
}

async function main() {
  if (loadModule) await loadModule();
  const root = process.argv[2];
  if (!root) { console.error('usage: pg-oracle.js <folder>'); process.exit(2); }
  for (const file of files(root)) {
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const bytes = Buffer.from(text, 'utf8');
    const rel = path.relative(root, file).split(path.sep).join('/');
    let result;
    try {
      result = parseSync(text);
    } catch (e) {
      console.log(JSON.stringify({ file: rel, error: String(e.message || e) }));
      continue;
    }
    const statements = (result.stmts || []).map((s) => {
      // libpg-query reports byte offsets in UTF-8; the C# side counts UTF-16 code units.
      const startChars = bytes.subarray(0, s.stmt_location || 0).toString('utf8').length;
      return { start: skipTrivia(text, startChars), kind: kindOf(s.stmt) };
    });
    console.log(JSON.stringify({ file: rel, statements }));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
