#!/usr/bin/env node
'use strict';
// npm links a package's bin when it installs the package, and skips a bin whose file is missing. The
// compiled program (dist/) only exists after the build, which runs after the install, so the bin is this
// committed file, which loads the build.
const path = require('node:path');
const { existsSync } = require('node:fs');

const main = path.join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`liveblog: ${main} is missing: build first (npm run build, or npm start / npm test)\n`);
  process.exitCode = 1;
} else {
  require(main);
}
